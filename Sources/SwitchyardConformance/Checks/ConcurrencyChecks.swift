import Switchyard

extension CheckRun {
    /// Many tasks insert and read back their own rows at once; each sees exactly its
    /// rows, and nothing is lost.
    func concurrentTasksKeepTheirOwnRows() async throws -> CheckOutcome {
        let tasks = max(2, options.concurrentTasks)
        let rowsPerTask = 20
        let table = try await makeTable(
            "concurrent",
            [ConformanceColumn("id", .int, isPrimaryKey: true), ConformanceColumn("task", .int), ConformanceColumn("v", .text)])

        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<tasks {
                group.addTask {
                    let ids = (0..<rowsPerTask).map { Int64(task * 1_000 + $0) }
                    for id in ids {
                        try await insert(table, ["id", "task", "v"], [[.int(id), .int(Int64(task)), .text("task \(task) row \(id)")]])
                    }
                    let rows = try await select(table, ["id", "v"], where: ConformanceFilter("task", equals: .int(Int64(task))), orderBy: "id")
                    try expectEqual(try self.ids(rows), ids, "the ids task \(task) reads back")
                    try expectEqual(rows.map { $0["v"] }, ids.map { Optional(Value.text("task \(task) row \($0)")) }, "the values task \(task) reads back")
                }
            }
            try await group.waitForAll()
        }
        try expectEqual(try await count(table), tasks * rowsPerTask, "the rows written by all tasks")
        return .passed
    }
}
