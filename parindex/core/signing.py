"""Signing the published PDFs with the province's certificate (PAdES, pyHanko), and checking a
copy someone holds.

The certificate is a PKCS#12 file and its password, given by the environment
(PDF_SIGNING_PKCS12, PDF_SIGNING_PASSWORD); without it nothing is signed and everything else works
the same. The signature is appended as an incremental update, so a PDF/A file stays PDF/A and the
bytes before the signature are the unsigned document.

A check says three things, each on its own: whether the file is byte for byte one we published
(its SHA-256), whether its signature covers the whole file unchanged, and whether the signing
certificate is the one this installation signs with."""

import asyncio
import hashlib
import io
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Signature:
    """A signature found in a PDF."""

    signer: str  # the certificate's subject, as people read it
    signed_at: datetime | None  # the time the signer's clock gave
    intact: bool  # the signed bytes are unchanged
    whole_file: bool  # nothing was added after the signature
    ours: bool  # signed with this installation's certificate

    @property
    def valid(self) -> bool:
        return self.intact and self.whole_file and self.ours


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def is_configured() -> bool:
    return bool(settings.PDF_SIGNING_PKCS12)


@cache
def _signer(path: str, password: str):
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load_pkcs12(path, passphrase=password.encode() or None)
    if signer is None:
        raise ImproperlyConfigured(
            f"PDF_SIGNING_PKCS12: cannot read a certificate and key from {path!r} "
            "with PDF_SIGNING_PASSWORD"
        )
    return signer


def signer():
    """The configured signer, or None when the installation does not sign."""
    if not is_configured():
        return None
    return _signer(str(settings.PDF_SIGNING_PKCS12), settings.PDF_SIGNING_PASSWORD)


def signer_name() -> str:
    """Who signs, as the certificate names them ("" when nothing is signed)."""
    configured = signer()
    return _name(configured.signing_cert) if configured else ""


def _name(certificate) -> str:
    """The certificate's common name (the body or person), else its whole subject."""
    return certificate.subject.native.get("common_name") or certificate.subject.human_friendly


def _outside_event_loop(function, *args):
    """pyHanko's synchronous calls run an event loop of their own (asyncio.run), which cannot
    start inside a running one (an ASGI server, or Playwright in the tests): they run in a
    thread then."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


def sign_pdf(content: bytes, *, reason: str, location: str) -> bytes:
    """`content` signed, or unchanged when no certificate is configured."""
    configured = signer()
    if configured is None:
        return content
    return _outside_event_loop(_sign, content, configured, reason, location)


def _sign(content: bytes, configured, reason: str, location: str) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    writer = IncrementalPdfFileWriter(io.BytesIO(content))
    metadata = signers.PdfSignatureMetadata(
        field_name="ChuKySo",
        reason=reason,
        location=location,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    return signers.sign_pdf(writer, metadata, signer=configured).getvalue()


def signatures(content: bytes) -> list[Signature]:
    """Every signature of a PDF, checked; [] for an unsigned file. Raises ValueError when
    `content` is not a PDF that can be read."""
    return _outside_event_loop(_signatures, content, signer())


def _signatures(content: bytes, configured) -> list[Signature]:
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise ValueError(str(error)) from error
    ours = configured.signing_cert if configured else None
    context = ValidationContext(trust_roots=[ours] if ours else [], allow_fetching=False)
    found = []
    for signature in embedded:
        try:
            status = validate_pdf_signature(signature, context)
        except Exception:  # a malformed signature is a signature that does not hold
            logger.info("Unreadable PDF signature", exc_info=True)
            found.append(Signature("", None, False, False, False))
            continue
        certificate = status.signing_cert
        found.append(
            Signature(
                signer=_name(certificate),
                signed_at=status.signer_reported_dt,
                intact=status.intact and status.valid,
                whole_file=status.coverage is not None and status.coverage.name == "ENTIRE_FILE",
                ours=ours is not None and certificate.dump() == ours.dump(),
            )
        )
    return found
