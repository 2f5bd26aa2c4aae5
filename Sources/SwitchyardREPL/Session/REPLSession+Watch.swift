import Switchyard
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension REPLSession {
    /// The statement being typed (taken out of `typing`), else the last one run; `nil` when there is neither.
    func takeStatement(_ typing: inout LanguageAwareAccumulator) -> String? {
        guard typing.isEmpty else {
            defer { typing.reset() }
            return typing.lines.joined(separator: "\n")
        }
        return lastStatement
    }

    /// `\watch`: runs `statement` again and again, each run under a line with the time,
    /// pausing `schedule.interval` after each, as psql's `\watch` does. Ends after
    /// `schedule.count` runs, at the first failure, when Ctrl-C cancels a run or a pause, or
    /// when the output's reader goes away.
    func watch(_ statement: String, _ schedule: MetaCommand.WatchSchedule) async -> MetaCommandOutcome {
        var runs = 0
        while true {
            runs += 1
            status(Self.watchHeader(schedule, run: runs) + "\n")
            cancelledByUser.withLock { $0 = false }
            let succeeded = await runStatement(statement)
            // Ctrl-C is how a watch usually ends: at the prompt it stays; a script stops.
            if cancelledByUser.value || interruptRequested.value || output.isClosedByReader { return .stopped }
            guard succeeded else { return .failed }
            if let count = schedule.count, runs >= count { return .succeeded }
            guard await pause(schedule.interval) else { return .stopped }
        }
    }

    /// Sleeps `interval` in a task that Ctrl-C (``interrupt()``) cancels; false when it did.
    private func pause(_ interval: Duration) async -> Bool {
        let task = Task<Bool, Never> { (try? await Task.sleep(for: interval)) != nil }
        running.withLock { $0 = task }
        let slept = await task.value
        running.withLock { $0 = nil }
        return slept
    }

    /// `2026-11-25T02:40:01Z (every 2s)`, with `, run 2 of 5` when the runs are counted.
    static func watchHeader(_ schedule: MetaCommand.WatchSchedule, run: Int) -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let time = Timestamp(microsecondsSinceEpoch: Int64(now.tv_sec) * 1_000_000)
        let count = schedule.count.map { ", run \(run) of \($0)" } ?? ""
        return "\(time) (every \(compactText(schedule.interval))\(count))"
    }

    /// `2s`, `500ms`, `1.5s`: a watch interval as it would be typed.
    static func compactText(_ interval: Duration) -> String {
        let (seconds, attoseconds) = interval.components
        let milliseconds = attoseconds / 1_000_000_000_000_000
        if milliseconds == 0 { return "\(seconds)s" }
        if seconds == 0 { return "\(milliseconds)ms" }
        return "\(interval.seconds)s"
    }
}
