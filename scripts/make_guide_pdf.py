"""Write assets/certification-guide.pdf: the Capability Certification guide behind "Download Materials".

A small hand-made PDF (standard Helvetica fonts, no extra dependency): a title page and one page per
section, with a correct cross-reference table so every reader opens it.
Run: .venv/bin/python scripts/make_guide_pdf.py
"""
from __future__ import annotations

import pathlib
import textwrap

OUT = pathlib.Path(__file__).resolve().parent.parent / "assets" / "certification-guide.pdf"
TITLE = "Capability Certification Guide"
SUBTITLE = "Partner Center - Capabilities > Capability Certification"

SECTIONS: list[tuple[str, list[str]]] = [
    ("1. What capability certification is", [
        "Capability certification shows customers and the Platform that your company can deliver a kind of "
        "solution to a defined standard: cloud migration, data and analytics, security services, managed "
        "operations, and more. Certified capabilities are shown on your partner profile and count towards "
        "the partner programs you can join.",
        "Each capability lists its requirements on the Capability Certification page. Read them before you "
        "apply; an application that does not show how each requirement is met is rejected with review "
        "comments that tell you what is missing.",
    ]),
    ("2. Before you apply", [
        "Your partner company must be approved by the Platform and its business information certified.",
        "Collect evidence for every requirement: certificates of your engineers (issuer, number, expiry), "
        "customer references (customer, project, period, your role), and descriptions of delivered "
        "projects. Personal data of customers must be removed or masked in the evidence.",
        "Evidence files are PDF, PNG or JPEG, at most 10 MB each and at most 5 files per application.",
    ]),
    ("3. How to apply", [
        "Sign in with your partner account and open Partner Center. In the top navigation choose "
        "Capabilities > Capability Certification.",
        "Click Apply for Certification. Choose the capability, describe how your company meets each "
        "requirement (at least 20 characters), attach the evidence files and click Submit.",
        "Your application is listed under My applications with the status Submitted. You can have one open "
        "application per capability at a time.",
    ]),
    ("4. Review and result", [
        "The Platform's ecosystem managers review the application, usually within 5 working days. You are "
        "notified in Partner Center (the bell) when it is decided.",
        "Approved: the capability is certified for your company. Rejected: the review comments say why; "
        "correct the evidence and apply again with a new application.",
        "Evidence files are stored privately and shown only to your company's users and to the Platform, "
        "through short-lived links.",
    ]),
    ("5. Keeping the certification", [
        "Keep the people and references behind a certification current. When a certified engineer leaves or a "
        "certificate expires, update your evidence with a new application so the certification stays valid.",
        "Questions: contact your ecosystem manager through Partner Center.",
    ]),
]

PAGE_W, PAGE_H, MARGIN = 595, 842, 64  # A4 in points


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _lines(font: str, size: int, x: int, y: int, lines: list[str], leading: int) -> list[str]:
    ops = ["BT", f"/{font} {size} Tf", f"{leading} TL", f"{x} {y} Td"]
    for i, line in enumerate(lines):
        ops.append(("" if i == 0 else "T* ") + f"({_esc(line)}) Tj")
    ops.append("ET")
    return ops


def _page_ops(heading: str, paragraphs: list[str], number: int, total: int) -> str:
    ops: list[str] = []
    y = PAGE_H - MARGIN
    ops += _lines("F2", 11, MARGIN, y, [TITLE], 14)
    ops += ["0.6 G", f"{MARGIN} {y - 10} m {PAGE_W - MARGIN} {y - 10} l S", "0 G"]
    y -= 48
    ops += _lines("F2", 16, MARGIN, y, [heading], 20)
    y -= 30
    for para in paragraphs:
        wrapped = textwrap.wrap(para, 88)
        ops += _lines("F1", 11, MARGIN, y, wrapped, 15)
        y -= 15 * len(wrapped) + 12
    ops += _lines("F1", 9, MARGIN, MARGIN - 24, [f"Page {number} of {total}"], 11)
    return "\n".join(ops)


def _title_ops(total: int) -> str:
    ops = _lines("F2", 26, MARGIN, PAGE_H - 260, [TITLE], 30)
    ops += _lines("F1", 13, MARGIN, PAGE_H - 296, [SUBTITLE], 16)
    contents = [s[0] for s in SECTIONS]
    ops += _lines("F2", 12, MARGIN, PAGE_H - 360, ["Contents"], 16)
    ops += _lines("F1", 11, MARGIN, PAGE_H - 382, contents, 16)
    ops += _lines("F1", 9, MARGIN, MARGIN - 24, [f"Page 1 of {total}"], 11)
    return "\n".join(ops)


def build() -> bytes:
    total = len(SECTIONS) + 1
    streams = [_title_ops(total)] + [_page_ops(h, ps, i + 2, total) for i, (h, ps) in enumerate(SECTIONS)]
    # objects: 1 catalog, 2 pages, 3 font regular, 4 font bold, 5 info, then (page, content) pairs
    objs: dict[int, bytes] = {}
    kids = []
    for i, content in enumerate(streams):
        page_no, content_no = 6 + 2 * i, 7 + 2 * i
        kids.append(f"{page_no} 0 R")
        data = content.encode("latin-1")
        objs[page_no] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] "
                         f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {content_no} 0 R >>").encode()
        objs[content_no] = f"<< /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode()
    objs[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    objs[4] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
    objs[5] = f"<< /Title ({_esc(TITLE)}) /Producer (Partner Portal scripts/make_guide_pdf.py) >>".encode()
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for n in sorted(objs):
        offsets[n] = len(out)
        out += f"{n} 0 obj\n".encode() + objs[n] + b"\nendobj\n"
    xref = len(out)
    size = max(objs) + 1
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    for n in range(1, size):
        out += f"{offsets[n]:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {size} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(build())
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")
