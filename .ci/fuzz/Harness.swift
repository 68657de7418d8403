// libFuzzer entry points for the pure core, built by .ci/fuzz/run.sh with one of the FUZZ_*
// flags. Every input must return (a result or a typed error); a crash, a sanitizer report, a
// leak or a hang (-timeout) is a finding. Not part of `swift test` or CI.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: start, count: count)
    #if FUZZ_LINE
    // The network side: admission (source range, MAC) then routing, as the daemon does.
    var authenticator = LineAuthenticator(
        sources: [IPv4Range(base: 0x7F00_0000, prefixLength: 8)], keys: ["hall-1": [UInt8](repeating: 7, count: 32)])
    _ = authenticator.check(bytes, source: 0x7F00_0001)
    _ = RequestRouter.route(bytes, context: .init(isControl: false, allowedTerminals: nil), now: Timestamp(milliseconds: 0))
    var framer = LineFramer(maxLineBytes: 256)
    framer.feed(bytes) { (_: LineFramer.Event) -> Void in }
    #elseif FUZZ_CONFIG
    _ = try? ConfigParser.parse(String(decoding: bytes, as: UTF8.self), file: "fuzz.conf", environment: [:])
    #elseif FUZZ_CSV
    _ = try? InvitedListImport.parse(Array(bytes), file: "fuzz.csv")
    #elseif FUZZ_TALLY
    if let tally = try? Tally.decode(json: Data(bytes)) {
        // What is accepted must render: the hub prints it.
        _ = tally.jsonData()
    }
    #elseif FUZZ_KEYS
    _ = try? KeysFile.parse(String(decoding: bytes, as: UTF8.self), file: "fuzz.keys")
    _ = IPv4Range.parseList(String(decoding: bytes, as: UTF8.self))
    #endif
    return 0
}
