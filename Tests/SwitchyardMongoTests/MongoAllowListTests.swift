import Switchyard
import SwitchyardMongo
import Testing

@Suite("MongoDB statements under the operation allow-list")
struct MongoAllowListTests {
    private let list = OperationAllowList(
        allowing: ["find", "count", "insert"], verbExtractors: DriverRegistry([MongoDriver()]).operationExtractors)

    private func request(_ text: String) -> QueryRequest { QueryRequest(Statement(text, language: .mongo)) }

    @Test("allowed shell operations pass, whatever method spelling names them")
    func allowedOperationsPass() throws {
        try list.validate(request("db.orders.find({total: {$gt: 10}})"))
        try list.validate(request("db.orders.countDocuments({})"))
        try list.validate(request("db.orders.insertMany([{a: 1}, {a: 2}])"))
    }

    @Test("other operations are refused before anything runs, naming the operation")
    func otherOperationsAreRefused() {
        let error = #expect(throws: SwitchyardError.self) { try list.validate(request("db.orders.deleteMany({})")) }
        #expect(error?.kind == .rejected)
        #expect(error?.message == "DELETE is not an allowed operation")
        #expect(throws: SwitchyardError.self) { try list.validate(request("db.orders.aggregate([{$out: 'x'}])")) }
    }

    @Test("text that does not parse is refused rather than guessed")
    func unparsableTextIsRefused() {
        #expect(throws: SwitchyardError.self) { try list.validate(request("db.orders.find({")) }
    }
}
