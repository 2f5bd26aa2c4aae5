import Switchyard
@testable import SwitchyardMongo
import Testing

@Suite struct MongoShellInputTests {
    @Test func aStatementIsCompleteOnceItsBracketsClose() {
        #expect(MongoShellInput.isComplete("db.items.find({a: 1})"))
        #expect(!MongoShellInput.isComplete("db.items.find({"))
        #expect(!MongoShellInput.isComplete("db.items.insertOne({a: [1,\n  2"))
        #expect(MongoShellInput.isComplete("db.items.insertOne({a: [1,\n  2]})"))
        #expect(MongoShellInput.isComplete("show collections"))
        #expect(!MongoShellInput.isComplete(""))
    }

    @Test func bracketsInsideStringsCommentsAndRegexesDoNotCount() {
        #expect(MongoShellInput.isComplete("db.items.find({a: '({['})"))
        #expect(MongoShellInput.isComplete("db.items.find({a: /[(]/}) // ({"))
        #expect(!MongoShellInput.isComplete("db.items.find({a: 'open"))
        #expect(!MongoShellInput.isComplete("db.items.find({}) /* still"))
    }

    @Test func aTimeoutBecomesMaxTimeMSOnReads() throws {
        let find = try MongoShellParser.parse("db.items.find({})").command.limitingServerTime(to: .milliseconds(1_500))
        guard case .find(let f) = find else { Issue.record("not a find"); return }
        #expect(f.options["maxTimeMS"] == .int(1_500))
        let count = try MongoShellParser.parse("db.items.countDocuments({})").command.limitingServerTime(to: .seconds(2))
        #expect(count == .countDocuments(collection: "items", filter: [:], options: ["maxTimeMS": .int(2_000)]))
    }
}
