import Foundation
import Switchyard
import SwitchyardTestSupport
@testable import SwitchyardMongo
import Testing

@Suite struct MongoShellParserTests {
    private func command(_ text: String) throws -> MongoCommand { try MongoShellParser.parse(text).command }

    private func syntaxError(_ text: String) -> SwitchyardError? {
        do {
            _ = try MongoShellParser.parse(text)
            return nil
        } catch let error as SwitchyardError {
            return error
        } catch {
            return nil
        }
    }

    @Test func findWithProjectionAndCursorModifiers() throws {
        let parsed = try command("db.items.find({age: {$gt: 30}}, {name: 1}).sort({age: -1}).skip(2).limit(5).batchSize(100).hint({age: 1})")
        var expected = MongoFind(collection: "items", filter: ["age": .document(["$gt": 30])])
        expected.projection = ["name": 1]
        expected.sort = ["age": -1]
        expected.skip = 2
        expected.limit = 5
        expected.batchSize = 100
        expected.hint = .document(["age": 1])
        #expect(parsed == .find(expected))
    }

    @Test func relaxedLiteralsReadAsMongoshDoes() throws {
        let value = try MongoShellParser.parseValue("""
            {
              // unquoted, single and double quoted keys, a trailing comma
              a: 'single', "b": "double", 'c': 1, d: 1.5, e: -0, f: true, g: null, h: [1, 2,],
              /* constructors */
              id: ObjectId("507f1f77bcf86cd799439011"), at: ISODate("2024-05-01T12:30:00.123Z"),
              big: NumberLong("9007199254740993"), small: NumberInt(7), price: NumberDecimal("12.50"),
              u: UUID("123e4567-e89b-12d3-a456-426614174000"), re: /^ab\\/c$/i, when: new Date(0),
            }
            """)
        guard case .document(let doc) = value else { Issue.record("not a document: \(value)"); return }
        #expect(doc.names == ["a", "b", "c", "d", "e", "f", "g", "h", "id", "at", "big", "small", "price", "u", "re", "when"])
        #expect(doc["a"] == .text("single"))
        #expect(doc["c"] == .int(1))
        #expect(doc["d"] == .double(1.5))
        #expect(doc["e"].map { if case .double(let d) = $0 { d.sign == .minus } else { false } } == true)
        #expect(doc["h"] == .array([1, 2]))
        #expect(doc["id"] == MongoScalarType.objectId("507f1f77bcf86cd799439011"))
        #expect(doc["at"] == Timestamp(iso8601: "2024-05-01T12:30:00.123Z").map(Value.timestamp))
        #expect(doc["big"] == .scalar(BackendScalar(type: "int64", text: "9007199254740993")))
        #expect(doc["small"] == .scalar(BackendScalar(type: "int32", text: "7")))
        #expect(doc["price"] == ExactDecimal("12.50").map(Value.decimal))
        #expect(doc["u"] == UUID(uuidString: "123e4567-e89b-12d3-a456-426614174000").map(Value.uuid))
        #expect(doc["re"] == MongoScalarType.regex("^ab\\/c$", flags: "i"))
        #expect(doc["when"] == .timestamp(Timestamp(microsecondsSinceEpoch: 0)))
    }

    @Test func placeholdersAreCountedAndBound() throws {
        let parsed = try MongoShellParser.parse("db.items.find({_id: $1, tags: {$in: [$2, $3]}})")
        #expect(parsed.placeholderCount == 3)
        let bound = parsed.command.bound(to: ["x", .int(1), .scalar(BackendScalar(type: "placeholder", text: "1"))])
        guard case .find(let find) = bound else { Issue.record("not a find"); return }
        #expect(find.filter == ["_id": "x", "tags": .document(["$in": [1, .scalar(BackendScalar(type: "placeholder", text: "1"))]])])
    }

    @Test func everyStatementFormParses() throws {
        #expect(try command("show collections") == .listCollections)
        #expect(try command("show dbs;") == .listDatabases)
        #expect(try command("use shop") == .use(database: "shop"))
        #expect(try command("db.getCollectionNames()") == .listCollections)
        #expect(try command("db.runCommand({ping: 1})") == .runCommand(["ping": 1]))
        #expect(try command("db.items.aggregate([{$match: {a: 1}}], {allowDiskUse: true})")
            == .aggregate(collection: "items", pipeline: [.document(["$match": .document(["a": 1])])], options: ["allowDiskUse": true]))
        #expect(try command("db.items.countDocuments({a: 1})") == .countDocuments(collection: "items", filter: ["a": 1], options: [:]))
        #expect(try command("db.items.distinct('a', {b: 2})") == .distinct(collection: "items", field: "a", filter: ["b": 2]))
        #expect(try command("db.items.insertOne({a: 1})") == .insert(collection: "items", documents: [["a": 1]]))
        #expect(try command("db.items.insertMany([{a: 1}, {a: 2}])") == .insert(collection: "items", documents: [["a": 1], ["a": 2]]))
        #expect(try command("db.items.updateMany({a: 1}, {$set: {b: 2}}, {upsert: true})")
            == .update(collection: "items", filter: ["a": 1], update: .document(["$set": .document(["b": 2])]), many: true, options: ["upsert": true]))
        #expect(try command("db.items.replaceOne({a: 1}, {a: 2})") == .replace(collection: "items", filter: ["a": 1], replacement: ["a": 2], options: [:]))
        #expect(try command("db.items.deleteOne({a: 1})") == .delete(collection: "items", filter: ["a": 1], many: false))
        #expect(try command("db.items.deleteMany({})") == .delete(collection: "items", filter: [:], many: true))
        #expect(try command("db.items.createIndex({a: 1}, {unique: true})") == .createIndex(collection: "items", keys: ["a": 1], options: ["unique": true]))
        #expect(try command("db.items.getIndexes()") == .listIndexes(collection: "items"))
        #expect(try command("db.system.users.find()") == .find(MongoFind(collection: "system.users")))
        #expect(try command("db['odd-name'].find()") == .find(MongoFind(collection: "odd-name")))
        #expect(try command("db.getCollection('odd name').drop()") == .drop(collection: "odd name"))
    }

    @Test func aParseErrorNamesThePositionAndWhatWasExpected() throws {
        let error = try #require(syntaxError("db.items.find({name: })"))
        #expect(error.kind == .syntax)
        #expect(error.position == 22)
        #expect(error.message.contains("expected a value at position 22"))

        let unclosed = try #require(syntaxError("db.items.find({name: 'x)"))
        #expect(unclosed.message.contains("closing quote"))
        let method = try #require(syntaxError("db.items.frobnicate()"))
        #expect(method.message.contains("collection method"))
        #expect(method.position == 10)
    }

    @Test func classifierTellsReadsFromWrites() {
        #expect(MongoStatementClassifier.classify("db.items.find({})") == .read)
        #expect(MongoStatementClassifier.classify("db.items.aggregate([{$match: {}}])") == .read)
        #expect(MongoStatementClassifier.classify("db.items.aggregate([{$match: {}}, {$out: 'copy'}])") == .write)
        #expect(MongoStatementClassifier.classify("db.items.countDocuments()") == .read)
        #expect(MongoStatementClassifier.classify("db.items.insertOne({a: 1})") == .write)
        #expect(MongoStatementClassifier.classify("db.items.createIndex({a: 1})") == .schema)
        #expect(MongoStatementClassifier.classify("db.runCommand({ping: 1})") == .read)
        #expect(MongoStatementClassifier.classify("db.runCommand({dropDatabase: 1})") == .write)
        #expect(MongoStatementClassifier.classify("db.items.find({") == .unknown)
    }

    @Test func theReadOnlyGuardRefusesMongoWritesWithTheClassifier() throws {
        let guardProcessor = ReadOnlyGuard(classifiers: [.mongo: MongoStatementClassifier.classify])
        #expect(throws: SwitchyardError.self) {
            try guardProcessor.validate(QueryRequest(Statement("db.items.deleteMany({})", language: .mongo)))
        }
        try guardProcessor.validate(QueryRequest(Statement("db.items.find({})", language: .mongo)))
    }
}

/// The parser never crashes, whatever it is given: random text and mutations of valid
/// statements, seeded so a failure reproduces.
@Suite struct MongoShellParserFuzzTests {
    static let seeds = [
        "db.items.find({age: {$gt: 30}}, {name: 1}).sort({age: -1}).skip(2).limit(5)",
        "db.items.insertMany([{a: 'x', b: [1, 2.5, -3e4], c: {d: null}}, {e: ObjectId(\"507f1f77bcf86cd799439011\")}])",
        "db.items.updateOne({_id: $1}, {$set: {when: ISODate('2024-01-01T00:00:00Z'), n: NumberLong(5)}}, {upsert: true})",
        "db.items.aggregate([{$match: {name: /^a.*[/]x$/i}}, {$group: {_id: '$k', n: {$sum: 1}}}]) // comment",
        "/* c */ show collections; ", "use other", "db.runCommand({listCollections: 1, filter: {name: \"x\\u00e9\\n\"}})",
        "db.t.find({u: UUID('123e4567-e89b-12d3-a456-426614174000'), d: NumberDecimal('1.5'), t: Timestamp(1, 2), b: BinData(0, 'AAE=')})",
    ]

    static let alphabet = Array("db.find({[]}),:;'\"/\\*$1-+.e0x ntrufalsObjectIdISODateNumberLong\n\t\u{0}é🚂")

    private func parseSafely(_ text: String) {
        do {
            let parsed = try MongoShellParser.parse(text)
            _ = parsed.command.bound(to: Array(repeating: .int(1), count: parsed.placeholderCount))
            _ = MongoStatementClassifier.classify(text)
        } catch let error as SwitchyardError {
            #expect(error.kind == .syntax || error.kind == .invalidInput)
            if let position = error.position { #expect(position >= 1 && position <= text.unicodeScalars.count + 1) }
        } catch {
            Issue.record("unexpected error type for \(String(reflecting: text)): \(error)")
        }
    }

    @Test func validSeedsParse() throws {
        for seed in MongoShellParserFuzzTests.seeds {
            _ = try MongoShellParser.parse(seed)
        }
    }

    @Test func randomTextNeverCrashes() {
        var generator = SeededGenerator(state: 0x5EED_0001)
        for _ in 0..<3_000 {
            let length = Int.random(in: 0..<60, using: &generator)
            let text = String((0..<length).map { _ in MongoShellParserFuzzTests.alphabet.randomElement(using: &generator)! })
            parseSafely("db.x.find(" + text)
            parseSafely(text)
        }
    }

    @Test func mutatedStatementsNeverCrash() {
        var generator = SeededGenerator(state: 0x5EED_0002)
        for _ in 0..<4_000 {
            var scalars = Array(MongoShellParserFuzzTests.seeds.randomElement(using: &generator)!.unicodeScalars)
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let position = Int.random(in: 0...scalars.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0 where position < scalars.count: scalars.remove(at: position)
                case 1: scalars.insert(MongoShellParserFuzzTests.alphabet.randomElement(using: &generator)!.unicodeScalars.first!, at: position)
                case 2 where position < scalars.count:
                    scalars[position] = MongoShellParserFuzzTests.alphabet.randomElement(using: &generator)!.unicodeScalars.first!
                default: scalars = Array(scalars.prefix(position))
                }
            }
            parseSafely(String(String.UnicodeScalarView(scalars)))
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() throws {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let error = try #require(throws: SwitchyardError.self) { try MongoShellParser.parse("db.x.insertOne({a: \(deep)})") }
        #expect(error.message.contains("levels of nesting"))
    }
}
