@testable import AttendCore
import Foundation
import Testing

/// Issue 21: the reflections' due date as a field of the district's signed plan: absent when
/// there is none (the bytes of a plan before it), refused when malformed, naming the field,
/// ignored by a hall from before it, adopted by the hall with the plan in place of its own.
@Suite struct DistrictPlanDueTests {
    @Test func theDueDateIsAnOptionalSignedFieldAnOldHallIgnores() throws {
        var plan = DistrictPlanTests.plan()
        let without = PlanBatch(plans: [plan]).jsonBytes()
        #expect(!String(decoding: without, as: UTF8.self).contains("reflectionDue"), "no key without a due date: the old bytes")
        plan.reflectionDue = "2026-12-15"
        let with = PlanBatch(plans: [plan]).jsonBytes()
        #expect(String(decoding: with, as: UTF8.self).contains("\"reflectionDue\":\"2026-12-15\""))
        #expect(try PlanBatch.decode(with).plans[0].reflectionDue == "2026-12-15")
        // A hall from before the field decodes the same bytes into its older plan: the key is ignored.
        struct OldPlan: Decodable { var conference: String; var revision: Int64; var title: String }
        struct OldBatch: Decodable { var schema: String; var plans: [OldPlan] }
        #expect(try JSONDecoder().decode(OldBatch.self, from: Data(with)).plans[0].title == "Hội nghị")
        // The hall's own conference takes it, and a revision without it removes it.
        var local = plan.localPlan(keepingExpected: 12)
        #expect(local.reflectionDue == "2026-12-15" && local.expected == 12)
        plan.reflectionDue = nil
        local = plan.localPlan(keepingExpected: 12)
        #expect(local.reflectionDue == nil)
    }

    @Test func aMalformedDueDateIsRefusedNamingTheField() throws {
        for bad in ["15/12/2026", "2026-13-01", "2026-12-1", String(repeating: "9", count: 5_000)] {
            var plan = DistrictPlanTests.plan()
            plan.reflectionDue = bad
            do {
                _ = try PlanBatch.decode(PlanBatch(plans: [plan]).jsonBytes())
                Issue.record("\(bad.prefix(20)) was taken")
            } catch {
                #expect(error.message.hasPrefix("plan 1 (HN-11): reflectionDue must be YYYY-MM-DD, got "), "\(error.message)")
                #expect(error.message.utf8.count < 120, "the echo of a long value is cut")
            }
        }
        // On the hub's control socket: PUBLISH refuses it naming the wire field; empty removes it.
        let bad = try #require(try LineDecoder.decode("PUBLISH conf=HN reflection_due=15/12/2026"))
        #expect(throws: ProtocolError.self) { try Request(bad) }
        let first = try PlanPublication(conference: "HN", title: "T", date: "2026-11-23", parts: "Sáng 07:30-11:30").applied(to: nil)
        var change = PlanPublication(conference: "HN")
        change.reflectionDue = "2026-12-15"
        let due = try change.applied(to: first)
        #expect(due.reflectionDue == "2026-12-15" && due.parts == first.parts)
        #expect(try PlanPublication(conference: "HN", title: "T2").applied(to: due).reflectionDue == "2026-12-15", "absent keeps it")
        change.reflectionDue = ""
        #expect(try change.applied(to: due).reflectionDue == nil)
        guard case .write(.publishPlan(let decoded)) = try Request(try #require(try LineDecoder.decode("PUBLISH conf=HN reflection_due=2026-12-15")))
        else { Issue.record("PUBLISH did not decode"); return }
        #expect(decoded.reflectionDue == "2026-12-15")
    }
}
