"""The PDF room: DOCX copies to tagged, accessible PDF through LibreOffice.

::

    converter.py    PdfConverter (one LibreOffice kept for a batch), docx_to_pdf, find_soffice
    uno_worker.py   the program a Python with LibreOffice's uno module runs for the converter

The rest of safeplan imports the PDF room through this module only.

Imports: _output, _errors.
"""

from .converter import ConverterMode, PdfConverter, docx_to_pdf, find_soffice

__all__ = ["ConverterMode", "PdfConverter", "docx_to_pdf", "find_soffice"]
