/// The reply a stored check-in keeps for its retries, narrowed to what its row cannot give back
/// (issue 23: the row is the ingest's cost, and the kept reply was most of its bytes).
///
/// A reply starts with fields the row holds: `event`, `conf`, `id`, `at` and, for a queued or
/// paper one, `effective_at`. Those are rebuilt from the row; only the rest is kept (the name
/// as it was on the list then, `invited`, `first`, `late`, `part`: what a later import or plan
/// may change). A reply kept before starts with `event=` and is read whole, so every stored
/// retry still gets its reply byte for byte.
extension CheckInRule {
    /// The reply fields `entry`'s own columns give: the first ones of `replyFields`.
    public static func derivedReplyFields(of entry: CheckRecord) -> [RequestLine.Field] {
        var fields: [RequestLine.Field] = []
        appendDerivedReplyFields(of: entry, to: &fields)
        return fields
    }

    static func appendDerivedReplyFields(of entry: CheckRecord, to fields: inout [RequestLine.Field]) {
        fields.append(.init("event", String(entry.event)))
        fields.append(.init("conf", entry.conference))
        fields.append(.init("id", entry.delegate))
        fields.append(.init("at", entry.receivedAt.vietnam))
        if entry.origin != .live { fields.append(.init("effective_at", entry.effectiveAt.vietnam)) }
    }

    /// The reply fields of `entry` from what the store kept, in either form; nil when it no
    /// longer decodes.
    public static func fields(ofKeptReply kept: String, of entry: CheckRecord) -> [RequestLine.Field]? {
        guard let rest = fields(ofKeptReply: kept) else { return nil }
        if rest.first?.key == "event" { return rest }
        return derivedReplyFields(of: entry) + rest
    }
}
