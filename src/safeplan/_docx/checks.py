"""What a council gives the writer, checked before it is used: the reference DOCX and pictures.

A reference DOCX is a zip: before any part is unpacked, its size, its number of parts, what they
hold together unpacked and how far each packs (a zip bomb packs thousands of times) are checked
against the limits. A picture (an icon, or an image inside the reference) is checked for its
size in bytes, then decoded for real with Pillow: its header must say PNG (or JPEG, inside a
reference) and give a width and height within the limits, and then the whole image must decode,
so a truncated or corrupt file is refused here rather than shown broken in every copy. Pillow,
not a hand-written header check, because only decoding the image proves Word can show it, and
Pillow is the maintained decoder of both formats. Each problem is a
:class:`~safeplan.TemplateError` naming the file (and the part), and the limit to raise.

The limits are anything with the attributes of :class:`PackageLimits` (a profile's ``limits``).

Imports: _errors.
"""

from __future__ import annotations

import io
import posixpath
import struct
import warnings
import zipfile
from typing import Protocol

from .._errors import TemplateError

__all__ = ["PackageLimits", "check_package", "check_picture"]

# Parts under this size are never zip bombs worth the name, whatever they pack to.
_RATIO_FLOOR = 1024 * 1024
_PICTURE_FORMATS = {".png": "PNG", ".jpeg": "JPEG", ".jpg": "JPEG"}
_OTHER_PICTURES = (".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".svg", ".webp")


class PackageLimits(Protocol):
    """The limits :func:`check_package` and :func:`check_picture` read (see the profile's
    ``Limits``)."""

    @property
    def reference_bytes(self) -> int: ...
    @property
    def reference_uncompressed_bytes(self) -> int: ...
    @property
    def reference_compression_ratio(self) -> float: ...
    @property
    def reference_parts(self) -> int: ...
    @property
    def image_bytes(self) -> int: ...
    @property
    def image_pixels(self) -> int: ...
    @property
    def image_side(self) -> int: ...


def _mb(n: float) -> str:
    return f"{n / 1_000_000:.1f} MB"


def _raise_it(key: str) -> str:
    return f"(limits.{key} in the council profile, if it really must be more)"


def check_package(data: bytes, name: str, limits: PackageLimits) -> None:
    """Check a reference DOCX's bytes before any part is unpacked.

    Raises:
        TemplateError: Too large, too many parts, too much unpacked, a part packed like a zip
            bomb, or a picture in it that :func:`check_picture` refuses.
    """
    if len(data) > limits.reference_bytes:
        raise TemplateError(
            f"the reference DOCX is {_mb(len(data))}, more than the "
            f"{_mb(limits.reference_bytes)} allowed {_raise_it('reference_bytes')}",
            template=name,
        )
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as err:
        raise TemplateError(
            f"the reference DOCX cannot be read ({type(err).__name__})", template=name
        ) from None
    if len(infos) > limits.reference_parts:
        raise TemplateError(
            f"the reference DOCX has {len(infos)} parts, more than the "
            f"{limits.reference_parts} allowed {_raise_it('reference_parts')}",
            template=name,
        )
    total = sum(i.file_size for i in infos)
    if total > limits.reference_uncompressed_bytes:
        raise TemplateError(
            f"the reference DOCX unpacks to {_mb(total)}, more than the "
            f"{_mb(limits.reference_uncompressed_bytes)} allowed "
            f"{_raise_it('reference_uncompressed_bytes')}",
            template=name,
        )
    for info in infos:
        packed = max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR and info.file_size / packed > (
            limits.reference_compression_ratio
        ):
            raise TemplateError(
                f"the part {info.filename!r} of the reference DOCX unpacks to "
                f"{info.file_size // packed} times its packed size, as a zip bomb does; at "
                f"most {limits.reference_compression_ratio:g} is allowed "
                f"{_raise_it('reference_compression_ratio')}",
                template=name,
            )
    for info in infos:
        suffix = posixpath.splitext(info.filename)[1].lower()
        if suffix in _PICTURE_FORMATS or suffix in _OTHER_PICTURES:
            where = f"{name}: {info.filename}"
            if info.file_size > limits.image_bytes:
                check_picture(b"", where, limits, size=info.file_size)
            if suffix in _PICTURE_FORMATS:
                try:
                    picture = zf.read(info)
                except (zipfile.BadZipFile, ValueError, OSError) as err:
                    raise TemplateError(
                        f"the picture cannot be unpacked ({type(err).__name__})", template=where
                    ) from None
                check_picture(picture, where, limits, formats=(_PICTURE_FORMATS[suffix],))


def check_picture(
    data: bytes,
    name: str,
    limits: PackageLimits,
    *,
    formats: tuple[str, ...] = ("PNG",),
    size: int | None = None,
) -> None:
    """Check a picture: its size in bytes, then its header and its pixels, by decoding it.

    Args:
        data: The picture's bytes.
        name: How messages name it (``icons/phone.png``).
        limits: The limits to keep.
        formats: The formats it may be, as Pillow names them (``PNG``, ``JPEG``).
        size: Its size, when ``data`` has not been read (a part too large to unpack).

    Raises:
        TemplateError: Too large, not a picture of those formats, too many pixels, or it does
            not decode.
    """
    size = len(data) if size is None else size
    if size > limits.image_bytes:
        raise TemplateError(
            f"the picture is {_mb(size)}, more than the {_mb(limits.image_bytes)} allowed "
            f"{_raise_it('image_bytes')}: every copy would carry it",
            template=name,
        )
    kinds = " or ".join(formats)
    if data[:8] == _PNG_SIGNATURE and data[12:16] == b"IHDR":
        # Read here, before Pillow, which refuses an absurd size without saying what it is.
        width, height = struct.unpack(">II", data[16:24])
        _dimensions(width, height, name, limits)
    from PIL import Image  # only a council's pictures need decoding: not at import

    try:
        with warnings.catch_warnings():
            # safeplan's own pixel limit is checked below, before the pixels are decoded.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=list(formats)) as image:
                _dimensions(image.size[0], image.size[1], name, limits)
                image.load()  # every pixel: a truncated or corrupt picture fails here
    except TemplateError:
        raise
    except Image.DecompressionBombError:
        raise TemplateError(
            f"the picture has far more pixels than the {limits.image_pixels} allowed "
            f"{_raise_it('image_pixels')}",
            template=name,
        ) from None
    except Exception as err:  # Pillow's errors: UnidentifiedImageError, OSError, SyntaxError ...
        raise TemplateError(
            f"the file is not a {kinds} picture that can be decoded ({type(err).__name__})",
            template=name,
        ) from None


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _dimensions(width: int, height: int, name: str, limits: PackageLimits) -> None:
    if (
        width > limits.image_side
        or height > limits.image_side
        or width * height > (limits.image_pixels)
    ):
        raise TemplateError(
            f"the picture is {width} by {height} pixels; at most {limits.image_side} on a side "
            f"and {limits.image_pixels} in all are allowed "
            f"{_raise_it('image_side and limits.image_pixels')}",
            template=name,
        )
