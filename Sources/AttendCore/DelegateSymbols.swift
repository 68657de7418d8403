/// The codes printed for one delegate: the id's ASCII form (`DelegateCode`) as a QR code, and as
/// Code 128 when its bars fit the card's width.
public struct DelegateSymbols: Sendable {
    /// What the codes carry.
    public let text: String
    public let qr: QRCode
    /// Nil when the bars would not fit the card even with narrow modules (the card shows the QR
    /// code only).
    public let code128: Code128?
    /// The Code 128 module on paper: `BarcodeSVG.code128ModuleMillimetres`, or the narrow one
    /// when the standard one would not fit.
    public let code128ModuleMillimetres: Double

    /// The width the bars may take on a card, quiet zones included, in millimetres.
    public static let code128WidthMillimetres = 79.0
    /// The largest QR code a card holds, quiet zone included, in millimetres; a longer id's
    /// code gets smaller modules (the longest byte-mode form of a 64-byte id, 187 characters in
    /// version 10, still 0.31 mm).
    public static let maximumQRMillimetres = 20.0

    /// The widest Code 128 a card holds at `module` millimetres, in modules with quiet zones:
    /// 311 at 0.254 mm (23 symbols of set B), 466 at 0.169 mm (37).
    public static func maximumCode128Modules(module: Double) -> Int { Int(code128WidthMillimetres / module) }

    /// The codes of `id`. Ids are at most 64 bytes, whose ASCII form always fits a QR code.
    public init(id: String) {
        text = DelegateCode.asciiForm(of: id)
        // 192 characters at most (187 in byte mode), which version 10-M holds.
        qr = try! QRCode(text)
        let bars = try? Code128(text)
        let modules = bars.map { $0.moduleCount + 2 * Code128.quietZone } ?? .max
        if modules <= Self.maximumCode128Modules(module: BarcodeSVG.code128ModuleMillimetres) {
            code128 = bars
            code128ModuleMillimetres = BarcodeSVG.code128ModuleMillimetres
        } else if modules <= Self.maximumCode128Modules(module: BarcodeSVG.code128NarrowModuleMillimetres) {
            code128 = bars
            code128ModuleMillimetres = BarcodeSVG.code128NarrowModuleMillimetres
        } else {
            code128 = nil
            code128ModuleMillimetres = 0
        }
    }

    /// The QR module size on the card, in millimetres: the standard 0.508 unless that would pass
    /// `maximumQRMillimetres`.
    public var qrModuleMillimetres: Double {
        min(BarcodeSVG.qrModuleMillimetres, Self.maximumQRMillimetres / Double(qr.size + 2 * QRCode.quietZone))
    }

    /// The QR code as SVG at the card's module size.
    public var qrSVG: String { BarcodeSVG.svg(qr, moduleMillimetres: qrModuleMillimetres, label: text) }

    /// The bars as SVG, or nil.
    public var code128SVG: String? { code128.map { BarcodeSVG.svg($0, moduleMillimetres: code128ModuleMillimetres, label: text) } }
}
