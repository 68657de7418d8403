import Testing

@testable import AttendCore

/// The keys file: `ID HEXKEY [NAME]` lines; every bad line named with its number.
@Suite struct KeysFileTests {
    let key = String(repeating: "0f", count: 32)

    @Test func readsIdsKeysAndNames() throws {
        let keys = try KeysFile.parse("# district\n\nxa-a \(key) UBND xã A\nxa-b \(key)\n", file: "k")
        #expect(keys.map(\.id) == ["xa-a", "xa-b"])
        #expect(keys[0].name == "UBND xã A")
        #expect(keys[1].name == "xa-b")
        #expect(keys[0].key == [UInt8](repeating: 0x0F, count: 32))
    }

    @Test func windowsLineEndsTabsAndAByteOrderMarkAreRead() throws {
        let keys = try KeysFile.parse("\u{FEFF}# district\r\nxa-a\t\(key)\tUBND xã A\r\nxa-b \(key)\r\n", file: "k")
        #expect(keys.map(\.id) == ["xa-a", "xa-b"])
        #expect(keys[0].name == "UBND xã A")
        #expect(keys[1].key == [UInt8](repeating: 0x0F, count: 32))
    }

    @Test func everyBadLineIsReportedWithItsNumber() {
        do {
            _ = try KeysFile.parse("xa-a\nxa-b zz\nxa-c 0f0f\nxa-d \(key)\nxa-d \(key)\n", file: "keys")
            Issue.record("expected errors")
        } catch {
            #expect(error.errors.map(\.line) == [1, 2, 3, 5])
            #expect(error.description.contains("keys:2: the key of xa-b must be at least 32 hex digits"))
            #expect(error.description.contains("keys:5: xa-d is listed twice"))
        }
    }

    @Test func aPushIsSignedOverTheEnvelopeAndTheBytes() {
        let payload = Array("{}".utf8)
        let keyBytes = Hex.decode(key)!
        let line = TallyPush.line(bridge: "xa-a", conference: "HN", revision: 2, payload: payload, key: keyBytes)
        // The envelope the README documents, and its MAC as `openssl dgst -sha256 -mac HMAC
        // -macopt hexkey:0f0f…` gives it: a change to either breaks bridges and hubs of other versions.
        #expect(TallyPush.signedBytes(bridge: "xa-a", conference: "HN", revision: 2, payload: payload)
            == Array("attendd-push/1\nxa-a\nHN\n2\n{}".utf8))
        #expect(line["mac"] == "1b2b5419594cddb25cddce58ec48d09ff12b504f4a438661bbb3d70ee3b066e0")
        let mac = Hex.decode(line["mac"]!)!
        #expect(HMACSHA256.isValid(mac, for: TallyPush.signedBytes(bridge: "xa-a", conference: "HN", revision: 2, payload: payload), key: keyBytes))
        // Moved to another revision, conference or bridge point, the signature no longer fits.
        #expect(!HMACSHA256.isValid(mac, for: TallyPush.signedBytes(bridge: "xa-a", conference: "HN", revision: 3, payload: payload), key: keyBytes))
        #expect(!HMACSHA256.isValid(mac, for: TallyPush.signedBytes(bridge: "xa-b", conference: "HN", revision: 2, payload: payload), key: keyBytes))
        #expect(!HMACSHA256.isValid(mac, for: TallyPush.signedBytes(bridge: "xa-a", conference: "HX", revision: 2, payload: payload), key: keyBytes))
    }
}
