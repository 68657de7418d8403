/// QR and Code 128 symbols as SVG for a printed page, at stated module sizes, quiet zones
/// included, in black on white with crisp edges.
///
/// The sizes are for an office laser printer (300 or 600 dpi) and a cheap reader: a QR module of
/// 0.508 mm is 6 dots at 300 dpi and 12 at 600 (phone cameras and 2D imagers read 0.33 mm and up);
/// a Code 128 module (X) of 0.254 mm is 3 and 6 dots (10 mil, the nominal X of hand scanners),
/// and the narrow one for longer ids, 0.169 mm, 2 and 4 dots (6.7 mil; CCD and laser hand
/// scanners read 5 mil, 0.127 mm, and up). Whole dots keep every bar the same width on paper.
public enum BarcodeSVG {
    /// The QR module size on paper, in millimetres.
    public static let qrModuleMillimetres = 0.508
    /// The Code 128 narrow bar (X) on paper, in millimetres.
    public static let code128ModuleMillimetres = 0.254
    /// The narrow Code 128 module for ids whose bars would not fit a card at 0.254 mm: two dots
    /// at 300 dpi (25.4 / 150 mm).
    public static let code128NarrowModuleMillimetres = 25.4 / 150
    /// The Code 128 bar height, in millimetres (at least 15% of the symbol's length, or 6.35 mm).
    public static let code128HeightMillimetres = 9.0

    /// Millimetres as SVG writes them: at most three decimals, no trailing zeros.
    static func millimetres(_ value: Double) -> String {
        var text = String(Int((value * 1000).rounded()))
        while text.count < 4 { text = "0" + text }
        let whole = text.dropLast(3), fraction = text.suffix(3)
        let trimmed = fraction.replacing(/0+$/, with: "")
        return trimmed.isEmpty ? String(whole) : "\(whole).\(trimmed)"
    }

    /// The symbol with its 4-module quiet zone, one path of horizontal runs of dark modules.
    public static func svg(_ code: QRCode, moduleMillimetres: Double = qrModuleMillimetres, label: String) -> String {
        let side = code.size + 2 * QRCode.quietZone
        var path = ""
        for row in 0..<code.size {
            var column = 0
            while column < code.size {
                guard code.isDark(row: row, column: column) else {
                    column += 1
                    continue
                }
                let start = column
                while column < code.size && code.isDark(row: row, column: column) { column += 1 }
                path += "M\(start + QRCode.quietZone) \(row + QRCode.quietZone)h\(column - start)v1h-\(column - start)z"
            }
        }
        let length = millimetres(Double(side) * moduleMillimetres)
        return """
            <svg class="qr" xmlns="http://www.w3.org/2000/svg" width="\(length)mm" height="\(length)mm" \
            viewBox="0 0 \(side) \(side)" shape-rendering="crispEdges" role="img" aria-label="\(HTML.text(label))">\
            <rect width="\(side)" height="\(side)" fill="#fff"/><path fill="#000" d="\(path)"/></svg>
            """
    }

    /// The bars with a 10-module quiet zone either side, `height` millimetres tall.
    public static func svg(
        _ code: Code128, moduleMillimetres: Double = code128ModuleMillimetres, height: Double = code128HeightMillimetres,
        label: String
    ) -> String {
        let total = code.moduleCount + 2 * Code128.quietZone
        let heightModules = millimetres(height / moduleMillimetres)
        var x = Code128.quietZone
        var bars = ""
        for (index, width) in code.widths.enumerated() {
            if index % 2 == 0 { bars += "M\(x) 0h\(width)V\(heightModules)h-\(width)z" }
            x += width
        }
        return """
            <svg class="code128" xmlns="http://www.w3.org/2000/svg" width="\(millimetres(Double(total) * moduleMillimetres))mm" \
            height="\(millimetres(height))mm" viewBox="0 0 \(total) \(heightModules)" preserveAspectRatio="none" \
            shape-rendering="crispEdges" role="img" aria-label="\(HTML.text(label))">\
            <rect width="\(total)" height="\(heightModules)" fill="#fff"/><path fill="#000" d="\(bars)"/></svg>
            """
    }
}
