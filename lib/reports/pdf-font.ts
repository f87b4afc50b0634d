import "server-only";
// Which font the PDF report embeds. The 14 standard PDF fonts only speak WinAnsi (Latin-1 and a few more), so
// a config path like /etc/häfen/ü.conf works but ł, Cyrillic or CJK would print as nothing. We embed (subset)
// a TrueType font from the system instead: Debian's fonts-dejavu-core or fonts-liberation (which Chromium pulls
// in, so CI has it). FLEETPRINT_PDF_FONT / FLEETPRINT_PDF_FONT_BOLD point at another TTF. Only on a machine
// with none of them do we fall back to Helvetica and transliterate (toWinAnsi), which loses accents on
// characters outside WinAnsi but never prints a wrong character.
import fs from "node:fs";

export interface PdfFonts {
  regular: string;
  bold: string;
  /** true: standard Helvetica, text must go through toWinAnsi. */
  standard: boolean;
}

const CANDIDATES: [string, string][] = [
  ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"],
  ["/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"],
  ["/usr/share/fonts/truetype/freefont/FreeSans.ttf", "/usr/share/fonts/truetype/freefont/FreeSansBold.ttf"],
  ["/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"],
];

// System paths, looked up at run time: nothing for the build's file tracing to follow (it would otherwise pull
// the whole project into the server output).
const fileExists = (p: string) => fs.existsSync(/* turbopackIgnore: true */ p);

export function findPdfFonts(env: Record<string, string | undefined> = process.env, exists: (path: string) => boolean = fileExists): PdfFonts {
  const own = env.FLEETPRINT_PDF_FONT;
  if (own && exists(own)) {
    const bold = env.FLEETPRINT_PDF_FONT_BOLD;
    return { regular: own, bold: bold && exists(bold) ? bold : own, standard: false };
  }
  for (const [regular, bold] of CANDIDATES) {
    if (exists(regular)) return { regular, bold: exists(bold) ? bold : regular, standard: false };
  }
  return { regular: "Helvetica", bold: "Helvetica-Bold", standard: true };
}

// Code points above 0xFF that WinAnsi (Windows-1252) still has.
const WIN_ANSI_EXTRA = new Set([
  0x152, 0x153, 0x160, 0x161, 0x178, 0x17d, 0x17e, 0x192, 0x2c6, 0x2dc, 0x2013, 0x2014, 0x2018, 0x2019, 0x201a, 0x201c, 0x201d,
  0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122,
]);
const inWinAnsi = (cp: number) => (cp >= 0x20 && cp < 0x7f) || (cp >= 0xa0 && cp <= 0xff) || WIN_ANSI_EXTRA.has(cp);

/** Text the standard fonts can show: accents dropped where WinAnsi lacks the letter (ł → l, ő → o), else "?". */
export function toWinAnsi(text: string): string {
  let out = "";
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (inWinAnsi(cp)) out += ch;
    else if (cp === 0x9 || cp === 0xa || cp === 0xd) out += " ";
    else {
      const base = ch.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
      out += base && [...base].every((c) => inWinAnsi(c.codePointAt(0)!)) ? base : (TRANSLIT[ch] ?? "?");
    }
  }
  return out;
}

// Letters that have no decomposition, and the block elements the charts' legends might use.
const TRANSLIT: Record<string, string> = { ł: "l", Ł: "L", đ: "d", Đ: "D", ı: "i", ø: "o", Ø: "O", ß: "ss", "█": "#", "→": "->", "✓": "v" };
