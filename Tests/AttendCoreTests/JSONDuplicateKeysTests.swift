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
}
