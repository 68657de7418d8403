import Testing

@testable import AttendCore

/// The strict scan for keys written twice in one JSON object.
@Suite struct JSONDuplicateKeysTests {
    func duplicate(_ json: String) -> String? {
        JSONDuplicateKeys.first(in: Array(json.utf8)).map { $0.path.isEmpty ? $0.key : $0.path + ":" + $0.key }
    }

    @Test func distinctKeysPass() {
        #expect(duplicate(#"{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}"#) == nil)
        #expect(duplicate(#"{"a":"a","b":"a"}"#) == nil)  // equal values are not keys
        #expect(duplicate(#"["a","a"]"#) == nil)
        #expect(duplicate(#"{"a\"b":1,"a\\b":2}"#) == nil)
        #expect(duplicate("") == nil)
    }

    @Test func theFirstDuplicateIsNamedWithItsObject() {
        #expect(duplicate(#"{"bridge":"b1","bridge":"b2"}"#) == "bridge")
        #expect(duplicate(#"{"x":{"y":[0,{"k":1,"j":{},"k":2}]}}"#) == "x.y[1]:k")
        #expect(duplicate(#"{"a":{"b":1},"c":[1,2],"d":{"e":{"f":1,"f":1}}}"#) == "d.e:f")
        // Compared decoded: an escaped spelling is the same key.
        #expect(duplicate(#"{"conf":"HN","\u0063onf":"XX"}"#) == "conf")
        #expect(duplicate(#"{"\ud83d\ude00":1,"😀":2}"#) == "😀")
        // A value that looks like a key does not count; keys after a nested value do.
        #expect(duplicate(#"{"a":"b","b":{"a":1},"a":2}"#) == "a")
    }

    /// A hostile push: 1 MiB of `[` or an object of 200,000 keys costs one pass, not the square
    /// of its depth or size (the scan kept a path per level and copied a set per key before).
    @Test func deepOrWideDocumentsCostOnePass() {
        #expect(JSONDuplicateKeys.first(in: Array(repeating: UInt8(ascii: "["), count: 1 << 20)) == nil)
        let nested = String(repeating: #"{"a":"#, count: JSONDuplicateKeys.maxDepth - 1) + #"{"k":1,"k":2}"#
        #expect(duplicate(nested) == String(repeating: "a.", count: JSONDuplicateKeys.maxDepth - 2) + "a:k")
        var wide = "{" + (0..<200_000).map { #""k\#($0)":\#($0)"# }.joined(separator: ",")
        #expect(duplicate(wide + "}") == nil)
        wide += #","k199999":0}"#
        #expect(duplicate(wide) == "k199999")
    }

    /// Bytes that stop being JSON end the scan with no verdict (the parser names the fault),
    /// never a trap: unbalanced brackets, an unfinished key, string or escape, too deep a nest.
    @Test func brokenDocumentsEndTheScanQuietly() {
        for bad in ["}", "]", "{}}", #"{"a"#, #"{"a":1,"#, #"{"a\"#, #"{"\u00"#, #"{"\uZZZZ":1}"#, "[,", #"{"a":"b"#] {
            #expect(duplicate(bad) == nil, "\(bad)")
        }
        let tooDeep = String(repeating: "[", count: JSONDuplicateKeys.maxDepth) + #"{"k":1,"k":2}"#
        #expect(duplicate(tooDeep) == nil)
    }
}
