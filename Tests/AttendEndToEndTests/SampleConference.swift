import AttendCore

/// A realistic day at a bridge point, deterministic from a seed: a few hundred invited with
/// Vietnamese names in every category, most on time and some late, a thin noon, an emptier
/// afternoon, absentees with and without reasons, walk-ins, and a 22-minute audio outage.
enum SampleConference {
    static let date = "2026-11-23"
    static func at(_ time: String) -> Timestamp { ConferencePlan.localTime(date, time)! }

    static let families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
    static let middles = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Quốc", "Ngọc", "Đức", "Xuân", "Thu"]
    static let givens = ["An", "Bình", "Cường", "Dũng", "Đạt", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Khánh", "Lan", "Long",
                         "Mai", "Nam", "Nga", "Phong", "Phương", "Quang", "Sơn", "Tâm", "Thảo", "Trung", "Tuấn", "Vy", "Yến"]
    static let units = ["Chi bộ Khối Đảng", "Chi bộ UBND huyện", "Chi bộ Công an", "Chi bộ Quân sự", "Đảng ủy xã Bình Tường",
                        "Hội Phụ nữ huyện", "Huyện đoàn", "Hội Nông dân huyện"]
    static let communes = ["Hội trường Huyện ủy", "Hội trường UBND huyện", "Xã Bình Tường", "Xã Bình Nghi", "Xã Bình Thành",
                           "Xã Bình Hòa", "Xã Tây Giang", "Xã Tây Thuận", "Xã Tây An", "Xã Tây Bình", "Xã Tây Vinh",
                           "Xã Tây Phú", "Xã Tây Xuân", "Xã Bình Tân", "Xã Bình Thuận", "Thị trấn Phú Phong", "Xã Vĩnh An"]

    /// A small generator, so the day is the same on every run.
    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// The day; with `reflections`, the reflections handed in by a week after it (due), some
    /// late, some not at all, graded at the three levels or not yet.
    static func tally(seed: UInt64 = 1, invited count: Int = 320, reflections: Bool = false) -> Tally {
        var random = Random(state: seed)
        let plan = ConferencePlan(
            id: "HN-2026-11", title: "Hội nghị trực tuyến học tập, quán triệt Nghị quyết Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng khóa XIII",
            date: date, parts: try! ConferencePlan.parseParts("Sáng 07:30-11:30, Chiều 13:30-17:00", date: date),
            graceMinutes: 10, expected: count + 4)
        var invited: [Delegate] = []
        var excuses: [String: String] = [:]
        var events: [AttendanceEvent] = []
        func event(_ id: String, _ direction: Direction, _ minutes: Int) {
            let time = at("07:30").milliseconds + Int64(minutes) * 60_000
            events.append(AttendanceEvent(delegate: id, direction: direction, at: Timestamp(milliseconds: time)))
        }
        for index in 0..<count {
            let id = String(format: "DV%04d", index + 1)
            let name = "\(families[random.next(families.count)]) \(middles[random.next(middles.count)]) \(givens[random.next(givens.count)])"
            let category: DelegateCategory = index % 10 < 6 ? .partyMember : index % 10 < 8 ? .official : index % 10 < 9 ? .unionMember : .guest
            invited.append(Delegate(id: id, fullName: name, unit: units[random.next(units.count)], category: category))
            let roll = random.next(100)
            if roll < 3 { excuses[id] = ["Đi công tác", "Ốm, có giấy của trạm y tế", "Việc gia đình", "Trực cơ quan"][random.next(4)]; continue }
            if roll < 6 { continue }
            event(id, .checkIn, roll < 18 ? 11 + random.next(50) : -25 + random.next(33))  // some late
            let noon = random.next(100)
            if noon < 8 { event(id, .checkOut, 150 + random.next(80)); continue }  // left in the morning
            event(id, .checkOut, 240 + random.next(10))
            if noon < 30 { continue }  // did not come back after lunch
            event(id, .checkIn, 350 + random.next(30))
            if noon < 55 { event(id, .checkOut, 420 + random.next(120)) }  // the afternoon thins
        }
        for walkIn in 0..<3 { event("KM-\(walkIn + 1)", .checkIn, 5 + random.next(40)) }
        let outage = Incident(id: 1, kind: .audioLost, source: .operator, sourceName: nil, start: at("14:10"), end: at("14:32"),
                              note: "Mất tiếng từ điểm cầu Trung ương", closedByConferenceEnd: false)
        var tally = TallyComputation.tally(plan: plan, invited: invited, excuses: excuses, events: events, incidents: [outage])
        if reflections {
            let handedIn = invited.compactMap { delegate -> Reflection? in
                let roll = random.next(100)
                guard roll >= 4 else { return nil }
                let day = roll < 7 ? "2026-12-02" : "2026-11-2\(5 + roll % 4)"
                let grade: ReflectionGrade? = roll < 12 ? nil : roll < 20 ? .notPassed : roll < 45 ? .basicallyPassed : .passed
                return Reflection(delegate: delegate.id, submitted: day, grade: grade)
            }
            tally.reflections = Tally.ReflectionFigures.compute(invited: invited, reflections: handedIn, due: "2026-11-30")
        }
        return tally
    }
}
