"""Words of the quality pages: a service's SLA ("30 menit", "5 hari kerja") and its channels."""

from django import template

from bina.quality.models import ServiceType
from bina.quality.selectors import channels_label, sla_label

register = template.Library()


@register.filter
def sla(service: ServiceType) -> str:
    return sla_label(service)


@register.filter
def channel_names(channels: list[str]) -> str:
    return channels_label(channels)
