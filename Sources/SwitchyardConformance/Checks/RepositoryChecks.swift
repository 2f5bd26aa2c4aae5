import Switchyard

extension CheckRun {
    /// A repository of ``ConformancePerson`` on a fresh table, or `nil` when the backend has no entity store.
    func personRepository() async throws -> BackendRepository<ConformancePerson>? {
        guard let store = backend.entityStore else { return nil }
        _ = try await step("making a BackendRepository from the backend") { try BackendRepository<ConformancePerson>(backend: backend) }
        let table = try await makeTable("people", ConformancePerson.columns)
        return BackendRepository(store: RenamingEntityStore(base: store, storageName: ConformancePerson.storageName, table: table.name))
    }

    /// Save inserts, saving again updates (clearing fields set to nil), find and
    /// count see the changes, and delete reports whether there was something to delete.
    func repositoryCRUD() async throws -> CheckOutcome {
        guard let people = try await personRepository() else { return .skipped("the backend has no entity store") }
        try expectEqual(try await step("counting an empty table") { try await people.count() }, 0, "the count of an empty table")
        try expectEqual(try await step("finding in an empty table") { try await people.find(id: 1) }, nil, "find(id: 1) on an empty table")

        let ada = ConformancePerson(id: 1, name: "Ada", age: 36, nick: "countess")
        try await step("saving a new entity") { try await people.save(ada) }
        try expectEqual(try await step("counting") { try await people.count() }, 1, "the count after saving one entity")
        try expectEqual(try await step("finding by id") { try await people.find(id: 1) }, Optional(ada), "the entity found by id")

        let renamed = ConformancePerson(id: 1, name: "Ada Lovelace", age: nil, nick: "countess")
        try await step("saving the entity again") { try await people.save(renamed) }
        try expectEqual(try await step("counting") { try await people.count() }, 1, "the count after saving the same id again")
        try expectEqual(try await step("finding by id") { try await people.find(id: 1) }, Optional(renamed), "the entity after the update")

        let alan = ConformancePerson(id: 2, name: "Alan", age: 41, nick: nil)
        try await step("saving a second entity") { try await people.save(alan) }
        let all = try await step("finding all") { try await people.find(where: .all, orderBy: [Field("id").ascending], page: .all) }
        try expectEqual(all, [renamed, alan], "every entity, by id")

        try expectEqual(try await step("deleting") { try await people.delete(id: 1) }, true, "delete(id: 1) of a stored entity")
        try expectEqual(try await step("deleting again") { try await people.delete(id: 1) }, false, "delete(id: 1) once it is gone")
        try expectEqual(try await step("finding a deleted entity") { try await people.find(id: 1) }, nil, "find(id: 1) after the delete")
        try expectEqual(try await step("finding the other entity") { try await people.find(id: 2) }, Optional(alan), "find(id: 2) after deleting 1")
        try expectEqual(try await step("counting") { try await people.count() }, 1, "the count after the delete")
        return .passed
    }

    /// Runs `cases` against the standard people: each predicate must select exactly
    /// the expected ids (in id order), and `count(where:)` must agree.
    func expectSelections(_ cases: [(label: String, predicate: Predicate, ids: [Int])]) async throws -> CheckOutcome {
        guard let people = try await personRepository() else { return .skipped("the backend has no entity store") }
        for person in ConformancePerson.people {
            try await step("saving person \(person.id)") { try await people.save(person) }
        }
        for (label, predicate, expected) in cases {
            let found = try await step("find(where: \(label))") {
                try await people.find(where: predicate, orderBy: [Field("id").ascending], page: .all)
            }
            try expectEqual(found.map(\.id), expected, "the ids of find(where: \(label))")
            let counted = try await step("count(where: \(label))") { try await people.count(where: predicate) }
            try expectEqual(counted, expected.count, "count(where: \(label))")
        }
        return .passed
    }

    /// Runs finds with sort keys and pages against the standard people and compares the ids in order;
    /// then each of the `refused` pages must fail with `.invalidInput`.
    func expectOrders(
        _ cases: [(label: String, predicate: Predicate, orderBy: [SortKey], page: Page, ids: [Int])],
        refusing refused: [(label: String, page: Page)] = []
    ) async throws -> CheckOutcome {
        guard let people = try await personRepository() else { return .skipped("the backend has no entity store") }
        for person in ConformancePerson.people {
            try await step("saving person \(person.id)") { try await people.save(person) }
        }
        for (label, predicate, orderBy, page, expected) in cases {
            let found = try await step("find(\(label))") { try await people.find(where: predicate, orderBy: orderBy, page: page) }
            try expectEqual(found.map(\.id), expected, "the ids, in order, of find(\(label))")
        }
        for (label, page) in refused {
            let thrown = try await expectError("find(\(label))") { _ = try await people.find(where: .all, orderBy: [], page: page) }
            try expectEqual(try switchyardError(thrown, from: "find(\(label))").kind, .invalidInput, "the kind of error for find(\(label))")
        }
        return .passed
    }
}
