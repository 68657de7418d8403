import AttendIO

/// A command's words: `--name value` options and flags taken out by name, then positionals.
struct ToolArguments {
    private var words: [String]

    init(_ words: [String]) { self.words = words }

    /// Removes `name value` and returns the value.
    mutating func option(_ name: String) -> String? {
        guard let index = words.firstIndex(of: name), index + 1 < words.count else { return nil }
        let value = words[index + 1]
        words.removeSubrange(index...(index + 1))
        return value
    }

    /// Removes `name` and says whether it was there.
    mutating func flag(_ name: String) -> Bool {
        guard let index = words.firstIndex(of: name) else { return false }
        words.remove(at: index)
        return true
    }

    /// What is left, when its count is in `range` and no unknown option remains.
    func positional(_ range: ClosedRange<Int>, usage: String) throws -> [String] {
        guard range.contains(words.count), !words.contains(where: { $0.hasPrefix("--") }) else { throw UsageError(usage) }
        return words
    }

    /// The one word left.
    func single(_ usage: String) throws -> String {
        try positional(1...1, usage: usage)[0]
    }
}
