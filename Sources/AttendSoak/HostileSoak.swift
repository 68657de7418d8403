import Foundation
import Glibc

/// The hostile-neighbour soak of issue 13: imports an invited list, then for
/// `plan.attackSeconds` runs every `Attack` in a seeded mix from many loopback addresses
/// while the good terminal checks in and the admin prints reports; then stops them all, and
/// measures CPU and memory as the daemon settles. The caller checks the database afterwards
/// (`SoakResult.checkStored`) and reads `failures`.
public enum HostileSoak {
    public static func run(_ plan: SoakPlan, progress: (String) -> Void = { _ in }) throws -> SoakResult {
        var result = SoakResult(plan: plan)
        let probe = ProcessProbe(pid: plan.pid)
        try importInvited(plan)
        let board = AttackBoard(capacity: plan.heldConnections)
        let clientsStop = AttackBoard(capacity: 0)
        let group = DispatchGroup()

        // The good terminal warms up first, so the baseline includes its connection and pages.
        var warm = GoodTerminal(plan: plan, board: board)
        warm.run(until: clientsStop, deadline: SoakClock.after(0.5))
        result.memoryBeforeMB = probe.residentMB
        progress(String(format: "hostile: %.1f MB before; attacking for %.0f s", result.memoryBeforeMB, plan.attackSeconds))

        let terminal = Box(GoodTerminal(plan: plan, board: board))
        let admin = Box(SoakAdmin(plan: plan))
        spawn(group) { terminal.value.run(until: clientsStop) }
        spawn(group) { admin.value.run(until: clientsStop) }
        let peak = Box(result.memoryBeforeMB)
        spawn(group) {
            while !clientsStop.isStopped {
                peak.value = max(peak.value, probe.residentMB)
                usleep(100_000)
            }
        }
        let attackers = DispatchGroup()
        for worker in 0..<plan.attackers {
            spawn(attackers) {
                var random = SplitMix64(state: plan.seed &+ UInt64(worker) &* 0x1_0000_0001)
                let span = plan.sources.count
                while !board.isStopped {
                    let attack = Attack.allCases[random.next(below: Attack.allCases.count)]
                    let source = "127.0.0.\(plan.sources.lowerBound + random.next(below: span))"
                    attack.run(port: plan.port, source: source, random: &random, board: board,
                               conference: plan.conference, goodTerminal: plan.goodTerminal)
                    board.count(attack)
                }
            }
        }
        let attackEnd = SoakClock.after(plan.attackSeconds)
        while SoakClock.now() < attackEnd && probe.isAlive { usleep(50_000) }
        board.stop()
        attackers.wait()
        board.releaseAll()
        let stoppedAt = SoakClock.now()
        clientsStop.stop()
        group.wait()
        progress(String(format: "hostile: attackers stopped %.1f s after the end, the clients %.1f s after that",
                        SoakClock.seconds(since: attackEnd), SoakClock.seconds(since: stoppedAt)))
        result.attacks = board.counts
        result.terminal = terminal.value.record
        result.terminal.acknowledged += warm.record.acknowledged
        result.admin = admin.value.record
        result.memoryPeakMB = peak.value
        progress("hostile: attack over; measuring CPU and memory as attendd settles")

        let cpuStart = probe.cpuSeconds
        let cpuFrom = SoakClock.now()
        while SoakClock.seconds(since: cpuFrom) < plan.cpuSeconds { usleep(50_000) }
        result.cpuAfterPercent = (probe.cpuSeconds - cpuStart) / SoakClock.seconds(since: cpuFrom) * 100
        while SoakClock.seconds(since: stoppedAt) < plan.settleSeconds { usleep(50_000) }
        result.memoryAfterMB = probe.residentMB
        result.daemonAlive = probe.isAlive
        return result
    }

    /// Imports `plan.invited` delegates over the control socket (what FIND searches).
    static func importInvited(_ plan: SoakPlan) throws {
        guard let fd = SoakSocket.connectUnix(plan.controlSocket) else { throw SoakError("cannot connect to \(plan.controlSocket)") }
        defer { close(fd) }
        let csv = plan.invitedCSV
        guard SoakSocket.sendAll(fd, Array("INVITE conf=\(plan.conference) bytes=\(csv.count) category=guest\n".utf8) + csv) else {
            throw SoakError("could not send the invited list")
        }
        var pending: [UInt8] = []
        let reply = SoakSocket.readLine(fd, pending: &pending, deadline: SoakClock.after(plan.replyTimeout * 3)) ?? "no reply"
        guard reply.hasPrefix("OK") else { throw SoakError("the invited list was refused: \(reply)") }
    }

    private static func spawn(_ group: DispatchGroup, _ body: @escaping @Sendable () -> Void) {
        group.enter()
        Thread.detachNewThread {
            body()
            group.leave()
        }
    }
}

/// A value one thread writes and another reads after joining it.
final class Box<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}

/// A soak that could not start, in words.
public struct SoakError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
