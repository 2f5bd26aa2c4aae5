import Switchyard
import Testing

/// A summary keeps its inserted id and warnings apart from its counts; it must still read,
/// compare and hash as one value.
@Suite struct ExecutionSummaryTests {
    @Test func fieldsReadBackAsSet() {
        var summary = ExecutionSummary(rowsAffected: 2, lastInsertedID: .int(7), rowsReturned: 3, truncatedAt: 10)
        #expect(summary.rowsAffected == 2)
        #expect(summary.lastInsertedID == .int(7))
        #expect(summary.rowsReturned == 3)
        #expect(summary.truncatedAt == 10)
        #expect(summary.warnings.isEmpty)
        summary.warnings.append("leg 'docs' failed")
        summary.warnings += ["leg 'pg' failed"]
        #expect(summary.warnings == ["leg 'docs' failed", "leg 'pg' failed"])
        #expect(summary.lastInsertedID == .int(7), "setting the warnings kept the id")
        summary.lastInsertedID = .text("a1")
        #expect(summary.warnings.count == 2, "setting the id kept the warnings")
    }

    @Test func aCopyChangedLeavesTheOriginalAlone() {
        let original = ExecutionSummary(lastInsertedID: .int(1))
        var copy = original
        copy.lastInsertedID = .int(2)
        copy.warnings = ["changed"]
        #expect(original.lastInsertedID == .int(1))
        #expect(original.warnings.isEmpty)
        #expect(copy != original)
    }

    @Test func equalSummariesHashAlikeHoweverTheyWereMade() {
        var emptied = ExecutionSummary(lastInsertedID: .int(5))
        emptied.lastInsertedID = nil
        emptied.warnings = ["x"]
        emptied.warnings = []
        emptied.notices = ["NOTICE: n"]
        emptied.commandTag = "SET"
        #expect(emptied.notices == ["NOTICE: n"] && emptied.commandTag == "SET")
        emptied.notices = []
        emptied.commandTag = nil
        #expect(emptied == ExecutionSummary())
        #expect(emptied.hashValue == ExecutionSummary().hashValue)

        var built = ExecutionSummary(rowsAffected: 1)
        built.lastInsertedID = .int(9)
        built.warnings = ["w"]
        var other = ExecutionSummary(rowsAffected: 1, lastInsertedID: .int(9))
        other.warnings.append("w")
        #expect(built == other)
        #expect(Set([built, other]).count == 1)
    }

    @Test func eachFieldTakesPartInEquality() {
        let base = ExecutionSummary(rowsAffected: 1, lastInsertedID: .int(1), rowsReturned: 1, truncatedAt: 1)
        var changed: [ExecutionSummary] = []
        for index in 0..<7 {
            var summary = base
            switch index {
            case 0: summary.rowsAffected = 2
            case 1: summary.lastInsertedID = .int(2)
            case 2: summary.rowsReturned = 2
            case 3: summary.truncatedAt = nil
            case 4: summary.notices = ["NOTICE: n"]
            case 5: summary.commandTag = "SET"
            default: summary.warnings = ["w"]
            }
            changed.append(summary)
        }
        for summary in changed { #expect(summary != base) }
    }
}
