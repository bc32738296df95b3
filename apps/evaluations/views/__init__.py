"""The evaluations screens, one module per screen; urls.py and tests import them from here."""

from ..filters import AgencyFilter, AssessmentFilter, IndicatorSetFilter, SpotCheckFilter  # noqa: F401
from ..tables import AgencyTable, AssessmentTable, IndicatorSetTable, SpotCheckTable  # noqa: F401
from .agencies import AgencyAccountCreateView, AgencyCreateView, AgencyDetailView, AgencyListView, AssignAgencyView  # noqa: F401
from .assessments import (  # noqa: F401
    AssessmentDetailView,
    AssessmentExportView,
    AssessmentFillView,
    AssessmentListView,
    AssessmentReportView,
    AssessmentReviewView,
    AssessmentTransitionView,
    EvidenceDeleteView,
    EvidenceDownloadView,
    StartAssessmentView,
    StartSelfAssessmentView,
    sheet_rows,
)
from .ballots import BallotManageView, BallotMinutesView  # noqa: F401
from .common import AssessmentAccess, current_year, require_level  # noqa: F401
from .indicator_sets import (  # noqa: F401
    IndicatorCreateView,
    IndicatorDeleteView,
    IndicatorFormMixin,
    IndicatorSetActionView,
    IndicatorSetDetailView,
    IndicatorSetListView,
    IndicatorSetUpdateView,
    IndicatorUpdateView,
    ProvinceEditorMixin,
)
from .spot_checks import SpotCheckDetailView, SpotCheckDrawView, SpotCheckItemUpdateView, SpotCheckListView  # noqa: F401
from .stats import ResultsView  # noqa: F401
