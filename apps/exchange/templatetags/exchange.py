from django import template

register = template.Library()

SHOWN = 20


@register.inclusion_tag("exchange/_signals.html", takes_context=True)
def enterprise_signals(context, enterprise):
    """The latest signals the sister platforms reported about this enterprise (read through visible_to)."""
    from apps.exchange.models import EnterpriseSignal

    user = context["request"].user
    rows = list(EnterpriseSignal.objects.visible_to(user).filter(enterprise=enterprise)
                .select_related("source__platform", "source__office__region")[:SHOWN + 1])
    return {"signals": rows[:SHOWN], "more": len(rows) > SHOWN}
