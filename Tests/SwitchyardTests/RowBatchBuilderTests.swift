import Switchyard
import Testing

@Suite("Rows over a batch's shared buffer")
struct RowBatchBuilderTests {
    private let columns = Columns(names: ["id", "name", "score"])

    private func batch(_ count: Int) -> [Row] {
        var builder = RowBatchBuilder(columns: columns, reservingRows: 2)
        for i in 0..<count {
            builder.append(.int(Int64(i)))
            builder.append(.text("name \(i)"))
            builder.append(i.isMultiple(of: 2) ? .null : .double(Double(i) / 2))
            builder.endRow()
        }
        #expect(builder.count == count)
        return builder.rows()
    }

    @Test("each row reads its own values, by position, by name and as a collection")
    func rowsReadTheirOwnValues() throws {
        let rows = batch(100)
        #expect(rows.count == 100)
        for (i, row) in rows.enumerated() {
            #expect(row.count == 3)
            #expect(row[0] == .int(Int64(i)))
            #expect(row["name"] == .text("name \(i)"))
            #expect(row["missing"] == nil)
            #expect(Array(row) == [.int(Int64(i)), .text("name \(i)"), i.isMultiple(of: 2) ? .null : .double(Double(i) / 2)])
            #expect(row.values == Array(row))
            let id = try row.decode("id", as: Int.self)
            #expect(id == i)
        }
        #expect(rows[7].document == Document([Document.Field("id", .int(7)), Document.Field("name", .text("name 7")), Document.Field("score", .double(3.5))]))
    }

    @Test("a row equals and hashes like the same row made from an array")
    func equalityMatchesArrayRows() {
        let rows = batch(5)
        let made = Row(columns: Columns(names: ["id", "name", "score"]), values: [.int(3), .text("name 3"), .double(1.5)])
        #expect(rows[3] == made)
        #expect(rows[3].hashValue == made.hashValue)
        #expect(rows[2] != made)
        #expect(Set(rows + [made]).count == 5)
    }

    @Test("changing one row leaves the others of its batch as they were")
    func mutationIsPerRow() {
        var rows = batch(4)
        rows[1][1] = .text("changed")
        rows[2].values = [.int(-1), .null, .null]
        #expect(rows[1]["name"] == .text("changed"))
        #expect(rows[2][0] == .int(-1))
        #expect(rows[0]["name"] == .text("name 0"))
        #expect(rows[3]["name"] == .text("name 3"))
        #expect(rows[3][0] == .int(3))
    }

    @Test("a row kept after its batch is gone still holds its values")
    func rowOutlivesItsBatch() {
        var kept: Row?
        do {
            let rows = batch(1000)
            kept = rows[999]
        }
        #expect(kept?[1] == .text("name 999"))
    }

    @Test("relabeled rows share values under new names")
    func relabeled() {
        let row = batch(3)[2]
        let renamed = row.relabeled(Columns(names: ["key", "label", "points"]))
        #expect(renamed["label"] == .text("name 2"))
        #expect(renamed["name"] == nil)
        #expect(Array(renamed) == Array(row))
    }

    @Test("rows relabeled together keep their values, each batch's columns made once")
    func relabelingRows() {
        let first = batch(3)
        let second = batch(2)
        var relabels = 0
        let renamed = Row.relabeling(first + second) { columns in
            relabels += 1
            return Columns(names: columns.names.map { $0.uppercased() })
        }
        #expect(relabels == 2)
        #expect(renamed.map(\.columns.names) == Array(repeating: ["ID", "NAME", "SCORE"], count: 5))
        #expect(renamed.map { Array($0) } == (first + second).map { Array($0) })
        // A relabeled row changed leaves its original and its batch-mates as they were.
        var changed = renamed
        changed[0][1] = .text("changed")
        #expect(changed[0]["NAME"] == .text("changed"))
        #expect(first[0]["name"] == .text("name 0"))
        #expect(changed[1]["NAME"] == .text("name 1"))
    }

    @Test("a row copied and then changed leaves the copy as it was")
    func copiesAreIndependent() {
        let rows = batch(2)
        var copy = rows[1]
        let original = copy
        copy[0] = .int(-5)
        copy[0] = .int(-6)
        #expect(copy[0] == .int(-6))
        #expect(original[0] == .int(1))
        #expect(rows[1][0] == .int(1))
    }

    @Test("rows of no columns still count")
    func rowsWithoutColumns() {
        var builder = RowBatchBuilder(columns: Columns([]))
        builder.endRow()
        builder.endRow()
        let rows = builder.rows()
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0.isEmpty })
    }

    @Test("a whole row appended at once, and nothing before the first row ends")
    func appendWholeRows() {
        var builder = RowBatchBuilder(columns: columns)
        #expect(builder.rows().isEmpty)
        builder.append(row: [.int(1), .text("a"), .double(0.5)])
        builder.append(row: [Value.int(2), .text("b"), .null].lazy.map { $0 })
        let rows = builder.rows()
        #expect(rows.map { $0[0] } == [.int(1), .int(2)])
        #expect(rows[1][2] == .null)
    }

    @Test("a row discarded halfway leaves the batch as it was, and the next row starts clean")
    func discardedRow() {
        var builder = RowBatchBuilder(columns: columns)
        builder.append(row: [.int(1), .text("a"), .double(0.5)])
        builder.append(.int(2))
        builder.append(.text("half"))
        builder.discardRow()
        builder.discardRow()  // nothing pending: no change
        builder.append(row: [.int(3), .text("c"), .null])
        let rows = builder.rows()
        #expect(builder.count == 2)
        #expect(rows.map(\.values) == [[.int(1), .text("a"), .double(0.5)], [.int(3), .text("c"), .null]])
    }
}

/// `RowBatchRecycler`: a batch is built in the last one's buffer only when none of its rows is
/// left, so a row a consumer keeps never changes under it.
@Suite("Batches built in the last batch's buffer")
struct RowBatchRecyclerTests {
    private let columns = Columns(names: ["id", "name"])

    private func next(_ recycler: inout RowBatchRecycler, ids: Range<Int>, discardingOneHalfway: Bool = false) -> [Row] {
        var builder = recycler.builder(columns: columns, reservingRows: 4)
        for id in ids {
            if discardingOneHalfway, id == ids.lowerBound + 1 {
                // A row found unfit after its first value, over old values or past them.
                builder.append(.int(-1))
                builder.discardRow()
            }
            builder.append(.int(Int64(id)))
            builder.append(.text("a name longer than fifteen bytes, \(id)"))
            builder.endRow()
        }
        if discardingOneHalfway {
            builder.append(.int(-1))
            builder.discardRow()
        }
        return recycler.rows(of: &builder)
    }

    private func expectRows(_ rows: [Row], are ids: Range<Int>, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(rows.map { $0[0] } == ids.map { .int(Int64($0)) }, sourceLocation: sourceLocation)
        #expect(rows.map { $0[1] } == ids.map { .text("a name longer than fifteen bytes, \($0)") }, sourceLocation: sourceLocation)
    }

    @Test("batches whose rows were dropped, longer and shorter than the one before, read their own values")
    func droppedBatchesAreReused() {
        var recycler = RowBatchRecycler()
        var start = 0
        for count in [3, 10, 10, 2, 0, 7, 1, 12, 4] {
            let rows = next(&recycler, ids: start..<start + count, discardingOneHalfway: count.isMultiple(of: 2))
            expectRows(rows, are: start..<start + count)
            start += count
        }
    }

    @Test("a kept row, a kept batch and a relabelled row keep their values while later batches are built")
    func keptRowsNeverChange() {
        var recycler = RowBatchRecycler()
        let keptBatch = next(&recycler, ids: 0..<5)
        let keptRow = next(&recycler, ids: 5..<10)[2]
        let relabelled = Row.relabeling(next(&recycler, ids: 10..<15)) { _ in Columns(names: ["key", "label"]) }
        var copied = next(&recycler, ids: 15..<20)[0]
        for round in 0..<4 { _ = next(&recycler, ids: 100 * round..<100 * round + 8) }
        expectRows(keptBatch, are: 0..<5)
        expectRows([keptRow], are: 7..<8)
        expectRows(relabelled, are: 10..<15)
        #expect(relabelled[0]["label"] == .text("a name longer than fifteen bytes, 10"))
        copied[0] = .int(-15)
        #expect(copied.values == [.int(-15), .text("a name longer than fifteen bytes, 15")])
    }

    @Test("after removeAll the next batch starts a new buffer, and rows of the last one stay intact")
    func removeAllForgetsTheLastBatch() {
        var recycler = RowBatchRecycler()
        _ = next(&recycler, ids: 0..<4)
        let last = next(&recycler, ids: 4..<6)
        recycler.removeAll()
        expectRows(next(&recycler, ids: 6..<9), are: 6..<9)
        expectRows(last, are: 4..<6)
    }
}

/// `Columns.index(of:)` and `Row[name]`: the first column of a name, for few columns and many.
@Suite struct ColumnLookupTests {
    @Test(arguments: [3, 8, 9, 40])
    func theFirstColumnOfANameIsFoundAndAMissingOneIsNot(count: Int) {
        // Names long enough to live on the heap, and one repeated.
        var names = (0..<count).map { "column number \($0) of the result" }
        names.append(names[1])
        let columns = Columns(names: names)
        for (index, name) in names.enumerated().dropLast() { #expect(columns.index(of: name) == index) }
        #expect(columns.index(of: names[1]) == 1)
        #expect(columns.index(of: "id") == nil)
        #expect(columns.index(of: "") == nil)
        let row = Row(columns: columns, values: names.indices.map { .int(Int64($0)) })
        #expect(row[names[count - 1]] == .int(Int64(count - 1)))
        #expect(row["missing"] == nil)
    }
}
