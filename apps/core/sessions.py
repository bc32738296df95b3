"""Sessions in the database, renewed at most once a minute instead of written on every request.

The portal's sessions end after 30 minutes idle (SESSION_COOKIE_AGE, renewed on every request:
SESSION_SAVE_EVERY_REQUEST). Django's database store renews by an UPDATE and a commit on every page, so under
the peak week every click of 300 staff wrote the session row (issue 23). This store skips that write when the
session is unchanged and its row was renewed less than RENEW_AFTER seconds ago: the idle limit stays 30 minutes
to within a minute, a changed session (log-in, messages, a preview kept in the session) is written at once as
before, and sessions stay in the database (shared by every web node, docs/deploy-cluster.md).
"""

import datetime

from django.contrib.sessions.backends import db

RENEW_AFTER = 60  # seconds


class SessionStore(db.SessionStore):
    def load(self):
        session = self._get_session_from_db()
        self._stored_expiry = session.expire_date if session else None
        return self.decode(session.session_data) if session else {}

    def _renewed_lately(self):
        self._get_session()  # loads the row (and its expiry) if nothing read the session yet
        stored = getattr(self, "_stored_expiry", None)
        return stored is not None and stored >= self.get_expiry_date() - datetime.timedelta(seconds=RENEW_AFTER)

    def save(self, must_create=False):
        if not must_create and self.session_key is not None and not self.modified and self._renewed_lately():
            return
        super().save(must_create=must_create)
        self._stored_expiry = self.get_expiry_date()
