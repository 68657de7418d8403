@testable import AttendCore
import AttendTestSupport
import Foundation
import Glibc
import Testing

/// The core's QR encoder module for module against `qrencode` (Debian package `qrencode`, which
/// `.ci/run` installs): the same text, version, level and mask give the same symbol, for every
/// version 1-40 at M, the other levels, data that fills a version to the last byte (every block
/// layout), and alphanumeric mode. qrencode is asked for its symbol as text (`-t ASCII -m 0`)
/// and its mask read from the format information it drew.
@Suite(.enabled(if: QREncodeTool.available || underCI, "qrencode is not installed (apt-get install qrencode)"))
struct QRCodeReferenceTests {
    @Test func everyVersionAtLevelMMatchesQrencode() throws {
        var sameMask = 0
        for version in 1...40 {
            let text = "h%C3%A0-v\(version)"
            let reference = try QREncodeTool.encode(text, version: version, level: .medium, eightBit: true)
            let ours = try QRCode(text, minimumVersion: version, mask: reference.mask)
            try QREncodeTool.expectSame(ours, reference, text)
            if try QRCode(text, minimumVersion: version).mask == reference.mask { sameMask += 1 }
        }
        // The penalty rules choose qrencode's mask too (the rules leave room at their edges).
        #expect(sameMask >= 40, "the penalty rules chose qrencode's mask for \(sameMask) of 40 versions")
    }

    /// Data filling each version's capacity exactly, at every level: the pad bytes, the long and
    /// short blocks of the interleaving, the remainder bits.
    @Test func fullSymbolsAtEveryLevelMatchQrencode() throws {
        for level in QRCode.ErrorCorrection.allCases {
            for version in [1, 2, 5, 7, 10, 14, 21, 27, 33, 40] {
                let capacity = QRCodeReferenceTests.byteCapacity(version: version, level: level)
                let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789-_.%")
                let text = String((0..<capacity).map { alphabet[$0 * 7 % 40] })
                let reference = try QREncodeTool.encode(text, version: version, level: level, eightBit: true)
                #expect(reference.version == version, "qrencode chose version \(reference.version) for \(capacity) bytes at \(version)-\(level)")
                let ours = try QRCode(text, errorCorrection: level, mask: reference.mask)
                #expect(ours.version == version)
                if version < 40 {
                    let over = try QREncodeTool.encode(text + "x", version: version, level: level, eightBit: true)
                    #expect(over.version == version + 1, "qrencode holds \(capacity + 1) bytes in \(version)-\(level.rawValue)")
                }
                try QREncodeTool.expectSame(ours, reference, "\(version)-\(level.rawValue), \(capacity) bytes")
            }
        }
    }

    /// Seeded random texts of random lengths at random levels: the same version qrencode picks
    /// as the smallest, the same mask, the same modules.
    @Test func randomTextsMatchQrencode() throws {
        var state: UInt64 = 18004
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        let characters = Array("abcdefghijklmnopqrstuvwxyz%0123456789-_./:ABCDEF")
        for round in 0..<40 {
            let level = QRCode.ErrorCorrection.allCases[next(4)]
            let text = "q" + String((0..<next(round < 30 ? 60 : 400)).map { _ in characters[next(characters.count)] })
            let reference = try QREncodeTool.encode(text, version: 1, level: level, eightBit: true)
            let ours = try QRCode(text, errorCorrection: level)
            try QREncodeTool.expectSame(ours, reference, "random \(round): \(text.count) bytes at \(level.rawValue)")
        }
    }

    /// Ids in their ASCII form are often all upper case, digits and `%-`: alphanumeric mode.
    @Test func alphanumericTextMatchesQrencode() throws {
        for text in ["HELLO WORLD", "H%C3%A0-A", "DV-QT/HU:X", "AC-%C4%90%E1%BA%A0T"] {
            let reference = try QREncodeTool.encode(text, version: 1, level: .medium, eightBit: false)
            let ours = try QRCode(text, mask: reference.mask)
            #expect(ours.mode == .alphanumeric)
            try QREncodeTool.expectSame(ours, reference, text)
        }
    }

    /// Bytes of byte mode that fill `version` at `level`: its data codewords less the mode and
    /// count bits (qrencode, which has its own tables, must choose that version for them and the
    /// next one for a byte more).
    static func byteCapacity(version: Int, level: QRCode.ErrorCorrection) -> Int {
        (QRCode.dataCodewords(version: version, level: level) * 8 - 4 - QRCode.characterCountBits(.byte, version: version)) / 8
    }
}

/// qrencode run as a process, its text symbol read back.
enum QREncodeTool {
    static let path = ["/usr/bin/qrencode", "/usr/local/bin/qrencode"].first { (path: String) in access(path, X_OK) == 0 }
    static var available: Bool { path != nil }

    struct Symbol {
        var size: Int
        var modules: [Bool]
        var mask: Int
        var version: Int { (size - 17) / 4 }
    }

    /// `qrencode -t ASCII -m 0 -l L|M|Q|H -v VERSION [-8] TEXT`: `##` a dark module, two spaces a light one.
    static func encode(_ text: String, version: Int, level: QRCode.ErrorCorrection, eightBit: Bool) throws -> Symbol {
        guard let path else { throw HarnessError("qrencode is missing under CI=true (.ci/run installs it)") }
        let result = try Renderer.run(path, ["-t", "ASCII", "-m", "0", "-l", level.rawValue, "-v", String(version)] + (eightBit ? ["-8"] : []) + [text])
        guard result.status == 0 else { throw HarnessError("qrencode failed (\(result.status)): \(result.stderr)") }
        let rows = result.stdout.split(separator: "\n").map { Array($0.utf8) }
        let size = rows.count
        var modules: [Bool] = []
        for row in rows {
            guard row.count == 2 * size else { throw HarnessError("qrencode's row is \(row.count) characters, not \(2 * size)") }
            for column in 0..<size { modules.append(row[2 * column] == UInt8(ascii: "#")) }
        }
        // The format information beside the top-left finder: bits 14 to 10 hold level and mask.
        var bits = 0
        for index in 9..<15 where modules[8 * size + 14 - index] { bits |= 1 << index }
        let mask = ((bits ^ 0x5412) >> 10) & 7
        return Symbol(size: size, modules: modules, mask: mask)
    }

    /// Records where the two symbols differ (their first 5 differing modules).
    static func expectSame(_ ours: QRCode, _ reference: Symbol, _ what: String) throws {
        try #require(ours.size == reference.size, "\(what): version \(ours.version), qrencode's \(reference.version)")
        #expect(ours.mask == reference.mask, "\(what)")
        let differing = (0..<ours.modules.count).filter { ours.modules[$0] != reference.modules[$0] }
        #expect(differing.isEmpty, "\(what) (\(ours.version)-\(ours.errorCorrection.rawValue) mask \(ours.mask)): \(differing.count) modules differ, first at \(differing.prefix(5).map { "(\($0 / ours.size),\($0 % ours.size))" })")
    }
}
