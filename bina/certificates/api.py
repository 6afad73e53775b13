"""REST endpoints for certificates. All scoped through the enrolment (404 outside scope), except
`GET /certificates/verify/{number}`, which is public (`auth=None`) and shows only what the paper shows,
with the holder's name masked.

Certificate numbers contain "/" (`BINA-3578/2026/00001`): the `{number}` parameters accept the slashes
as they are, or URL-encoded as %2F.
"""

from datetime import date, datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from bina.certificates import access, selectors, services
from bina.certificates.models import Certificate, CertificateBatch
from bina.core.api import ERRORS, WRITE_ERRORS, ErrorOut, InputSchema, Pagination, actor_of
from bina.core.errors import NotFound
from bina.reports.responses import download_response
from bina.training.facade import get_class_for_user

router = Router(tags=["certificates"])


class CertificateOut(Schema):
    number: str
    year: int
    holder_name: str
    holder_nip: str
    course_title: str
    jp: int
    starts_on: date
    ends_on: date
    issuer_name: str
    signer_name: str
    signer_title: str
    issued_at: datetime
    revoked_at: datetime | None
    revoked_reason: str
    class_id: int = Field(..., alias="enrolment.klass_id")
    enrolment_id: int


class BatchOut(Schema):
    id: int
    class_id: int = Field(..., alias="klass_id")
    status: str
    total: int
    done: int
    error: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class CertificateQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    class_id: int | None = None


class RevokeIn(InputSchema):
    reason: str = Field(..., min_length=1, max_length=2000)


class VerifyQuery(Schema):
    k: str | None = Field(None, description="The key printed in the certificate's QR code.")


# Order matters: the literal and suffixed routes come before the catch-all `{path:number}`.


@router.get(
    "/certificates/verify/{path:number}",
    response={200: selectors.PublicCertificate, 404: ErrorOut},
    auth=None,
    summary="Public: is this certificate valid? (no login)",
    description="What the paper shows; the holder's name is masked (e.g. 'S*** A*****') unless the QR key `k` is given.",
)
def certificate_verify(request: HttpRequest, number: str, query: Query[VerifyQuery]) -> selectors.PublicCertificate:
    info = selectors.certificate_public(number, query.k)
    if info is None:
        raise NotFound(_("No certificate with this number was issued through Bina."))
    return info


@router.post(
    "/classes/{class_id}/certificates",
    response={202: BatchOut, **WRITE_ERRORS},
    summary="Generate the certificates of a class in the background (answers at once with the batch)",
)
def batch_post(request: HttpRequest, class_id: int) -> Status[CertificateBatch]:
    actor = actor_of(request)
    klass = get_class_for_user(actor, class_id)
    batch = services.certificate_batch_create(actor=actor, klass=klass)
    batch.refresh_from_db()
    return Status(202, batch)


@router.get("/certificate-batches/{batch_id}", response={200: BatchOut, **ERRORS}, summary="Progress of a batch")
def batch_get(request: HttpRequest, batch_id: int) -> CertificateBatch:
    return access.get_batch_for_user(actor_of(request), batch_id)


@router.get("/certificates", response={200: list[CertificateOut], **ERRORS}, summary="Certificates in your scope")
@paginate(Pagination)
def certificate_list(request: HttpRequest, filters: Query[CertificateQuery]) -> QuerySet[Certificate]:
    qs = access.certificates_for(actor_of(request))
    return selectors.certificate_search(qs, year=filters.year, klass_id=filters.class_id)


@router.get(
    "/certificates/{path:number}/pdf",
    response={200: None, **ERRORS},
    summary="The certificate as PDF",
    openapi_extra={"responses": {"200": {"content": {"application/pdf": {}}}}},
)
def certificate_pdf(request: HttpRequest, number: str) -> HttpResponseBase:
    cert = access.get_certificate_by_number_for_user(actor_of(request), number)
    # "BKPSDM/2026/0001" → sertifikat-BKPSDM-2026-0001.pdf
    return download_response(services.certificate_pdf_bytes(cert), filename=f"sertifikat-{cert.number}", fmt="pdf")


@router.post(
    "/certificates/{path:number}/revoke",
    response={200: CertificateOut, **WRITE_ERRORS},
    summary="Revoke a certificate (admin; reason required)",
)
def certificate_revoke(request: HttpRequest, number: str, payload: RevokeIn) -> Certificate:
    actor = actor_of(request)
    cert = access.get_certificate_by_number_for_user(actor, number)
    services.certificate_revoke(actor=actor, certificate=cert, reason=payload.reason)
    return access.get_certificate_by_number_for_user(actor, number)


@router.get("/certificates/{path:number}", response={200: CertificateOut, **ERRORS}, summary="One certificate")
def certificate_detail(request: HttpRequest, number: str) -> Certificate:
    return access.get_certificate_by_number_for_user(actor_of(request), number)
