/// A conference's invited names folded and split once, so a FIND scans words instead of folding
/// every name again: against 10,000 invited a search takes well under a millisecond, where
/// folding each name per query took 116 ms (issue 13, item 5).
///
/// The rule is `NameFolding.matchesFolded`'s (every query word starts a later word of the name),
/// compared byte by byte on the folded UTF-8: folding leaves no marks for a byte prefix to split.
public struct FoldedNameIndex: Sendable {
    /// One invited delegate and the words of their folded name.
    private struct Entry: Sendable {
        var delegate: Delegate
        var words: [[UInt8]]
    }

    private let entries: [Entry]

    /// How many delegates the index holds.
    public var count: Int { entries.count }

    /// Delegates with their names already folded (`invited.name_folded`), kept in Vietnamese
    /// order (`VietnameseOrder`; equal names in list order), so matches are listed as official
    /// lists are: sorted once per list, not per search.
    public init(folded: [(delegate: Delegate, folded: String)]) {
        let keyed = folded.enumerated().map { (key: VietnameseOrder.key($0.element.delegate.fullName), position: $0.offset, $0.element) }
        entries = keyed.sorted { ($0.key, $0.position) < ($1.key, $1.position) }
            .map { Entry(delegate: $0.2.delegate, words: Self.words($0.2.folded)) }
    }

    /// Delegates folded here.
    public init(_ delegates: [Delegate]) {
        self.init(folded: delegates.map { ($0, NameFolding.fold($0.fullName)) })
    }

    /// The delegates whose name matches `query`, in Vietnamese order: how many in all, and the first `limit`.
    public func search(_ query: String, limit: Int) -> (count: Int, first: [Delegate]) {
        let queryWords = Self.words(NameFolding.fold(query))
        guard !queryWords.isEmpty else { return (0, []) }
        var total = 0
        var first: [Delegate] = []
        for entry in entries where Self.matches(queryWords, entry.words) {
            total += 1
            if first.count < limit { first.append(entry.delegate) }
        }
        return (total, first)
    }

    /// Taking the earliest name word that fits each query word never loses a match.
    private static func matches(_ query: [[UInt8]], _ name: [[UInt8]]) -> Bool {
        var next = 0
        for word in query {
            while next < name.count && !hasPrefix(name[next], word) { next += 1 }
            guard next < name.count else { return false }
            next += 1
        }
        return true
    }

    private static func hasPrefix(_ word: [UInt8], _ prefix: [UInt8]) -> Bool {
        guard prefix.count <= word.count else { return false }
        for index in prefix.indices where word[index] != prefix[index] { return false }
        return true
    }

    private static func words(_ folded: String) -> [[UInt8]] {
        folded.split(separator: " ").map { Array($0.utf8) }
    }
}
