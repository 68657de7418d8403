import Foundation

/// The compact form a hub keeps of each bridge point's newest final tally for the year (issue 21):
/// only what `YearReport.HallTally` holds, as length-prefixed fields, so `attendctl year` reads
/// 1,020 small rows instead of decoding 1,020 JSON tallies (the benchmark's figure).
///
/// Layout (never leaves the hub's database; an unknown first byte reads as nil, and the caller
/// falls back to the signed tally): the version byte `1`, then the conference's id, title and
/// date, `final` (0/1), `present` (a presence byte, a count and the ids), the absentees (id, name,
/// unit, category, excused), the late and the early (id, name, unit), the walk-ins' ids, whether
/// the conference follows reflections (0/1), then the delegates' reflections (a presence byte, a
/// count, each id, date and grade). Counts and lengths are LEB128; strings UTF-8.
extension YearReport.HallTally {
    static let storedVersion: UInt8 = 1

    /// The bytes kept in `received_year`.
    public func storedBytes() -> [UInt8] {
        var out: [UInt8] = [Self.storedVersion]
        out.reserveCapacity(64 + 12 * (present?.count ?? 0) + 64 * (absentees.count + lateArrivals.count + earlyLeavers.count))
        func number(_ value: Int) {
            var rest = UInt(value)
            repeat {
                let low = UInt8(rest & 0x7F)
                rest >>= 7
                out.append(rest == 0 ? low : low | 0x80)
            } while rest != 0
        }
        func text(_ value: String) {
            number(value.utf8.count)
            out.append(contentsOf: value.utf8)
        }
        func people(_ list: [Person]) {
            number(list.count)
            for person in list { text(person.id); text(person.name); text(person.unit) }
        }
        text(conference.id); text(conference.title); text(conference.date)
        out.append(final ? 1 : 0)
        out.append(present == nil ? 0 : 1)
        number(present?.count ?? 0)
        for id in present ?? [] { text(id) }
        number(absentees.count)
        for absentee in absentees {
            text(absentee.id); text(absentee.name); text(absentee.unit); text(absentee.category.rawValue)
            out.append(absentee.excused ? 1 : 0)
        }
        people(lateArrivals)
        people(earlyLeavers)
        number(walkIns.count)
        for id in walkIns { text(id) }
        out.append(followsReflections ? 1 : 0)
        out.append(reflections == nil ? 0 : 1)
        number(reflections?.count ?? 0)
        for reflection in reflections ?? [] {
            text(reflection.delegate); text(reflection.submitted); text(reflection.grade?.rawValue ?? "")
        }
        return out
    }

    /// Reads what `storedBytes()` wrote; nil for anything else (short, overlong, another version).
    public static func stored(bridge: String, bytes: [UInt8]) -> YearReport.HallTally? {
        bytes.withUnsafeBufferPointer { buffer -> YearReport.HallTally? in
            var reader = StoredReader(buffer: buffer)
            return reader.hall(bridge: bridge)
        }
    }

    /// A bounds-checked cursor over stored bytes: every read past the end or out of range fails.
    private struct StoredReader {
        let buffer: UnsafeBufferPointer<UInt8>
        var at = 0

        mutating func byte() -> UInt8? {
            guard at < buffer.count else { return nil }
            defer { at += 1 }
            return buffer[at]
        }

        mutating func flag() -> Bool? {
            switch byte() {
            case 0: false
            case 1: true
            default: nil
            }
        }

        /// A count or length: at most what the remaining bytes could hold, so a forged count
        /// never reserves more than the row's own size.
        mutating func number() -> Int? {
            var value = 0
            var shift = 0
            while let next = byte() {
                guard shift < 35 else { return nil }
                value |= Int(next & 0x7F) << shift
                if next & 0x80 == 0 { return value <= buffer.count - at ? value : nil }
                shift += 7
            }
            return nil
        }

        mutating func text() -> String? {
            guard let length = number() else { return nil }
            defer { at += length }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[at..<(at + length)]), as: UTF8.self)
        }

        mutating func list<T>(_ element: (inout StoredReader) -> T?) -> [T]? {
            guard let count = number() else { return nil }
            var out: [T] = []
            out.reserveCapacity(count)
            for _ in 0..<count {
                guard let value = element(&self) else { return nil }
                out.append(value)
            }
            return out
        }

        mutating func person() -> YearReport.HallTally.Person? {
            guard let id = text(), let name = text(), let unit = text() else { return nil }
            return .init(id: id, name: name, unit: unit)
        }

        mutating func hall(bridge: String) -> YearReport.HallTally? {
            guard byte() == YearReport.HallTally.storedVersion,
                  let id = text(), let title = text(), let date = text(), let final = flag(),
                  let hasPresent = flag(), let present = list({ $0.text() }),
                  let absentees = list({ reader -> Tally.Absentee? in
                      guard let id = reader.text(), let name = reader.text(), let unit = reader.text(),
                            let category = reader.text().flatMap(DelegateCategory.init(rawValue:)), let excused = reader.flag() else { return nil }
                      return Tally.Absentee(id: id, name: name, unit: unit, category: category, excused: excused, reason: nil)
                  }),
                  let late = list({ $0.person() }), let early = list({ $0.person() }), let walkIns = list({ $0.text() }),
                  let follows = flag(), let hasReflections = flag(),
                  let reflections = list({ reader -> Reflection? in
                      guard let id = reader.text(), let submitted = reader.text(), let grade = reader.text() else { return nil }
                      if grade.isEmpty { return Reflection(delegate: id, submitted: submitted, grade: nil) }
                      guard let known = ReflectionGrade(rawValue: grade) else { return nil }
                      return Reflection(delegate: id, submitted: submitted, grade: known)
                  }),
                  at == buffer.count
            else { return nil }
            return YearReport.HallTally(
                bridge: bridge, conference: YearReport.ConferenceInfo(id: id, title: title, date: date), final: final,
                absentees: absentees, lateArrivals: late, earlyLeavers: early, walkIns: walkIns, present: hasPresent ? present : nil,
                followsReflections: follows, reflections: hasReflections ? reflections : nil)
        }
    }
}
