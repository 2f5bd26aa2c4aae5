import Testing
import Switchyard

@Suite struct SQLPredicateTranslatorTests {
    let translator = SQLPredicateTranslator(dialect: TestDialect())

    private func sql(_ predicate: Predicate, from first: Int = 1) -> (String, [Value]) {
        let (sql, bindings) = translator.translate(predicate, firstIndex: first)
        return (sql, bindings)
    }

    @Test(arguments: [
        (Field("age") == 30, #""age" = $1"#), (Field("age") < 30, #""age" < $1"#), (Field("age") <= 30, #""age" <= $1"#),
        (Field("age") > 30, #""age" > $1"#), (Field("age") >= 30, #""age" >= $1"#),
        (Field("age") != 30, #""age" IS DISTINCT FROM $1"#),
    ])
    func comparisonsBindTheirValue(_ predicate: Predicate, _ expected: String) {
        let (text, bindings) = sql(predicate)
        #expect(text == expected)
        #expect(bindings == [.int(30)])
    }

    @Test func nullTestsBindNothing() {
        #expect(sql(Field("age") == Int?.none) == (#""age" IS NULL"#, []))
        #expect(sql(.compare(field: "age", .equal, .null)) == (#""age" IS NULL"#, []))
        #expect(sql(Field("age") != Int?.none) == (#"NOT COALESCE(("age" IS NULL), 1=0)"#, []))
    }

    @Test func membershipBindsEachValueAndAnEmptyListMatchesNothing() {
        #expect(sql(Field("id").isIn([1, 2, 3])) == (#""id" IN ($1, $2, $3)"#, [1, 2, 3]))
        #expect(sql(Field("id").isIn([Int]())) == ("1=0", []))
    }

    @Test func likeUsesTheDialectAndBindsThePattern() {
        #expect(sql(Field("name").like("A\\%%")) == (#""name" LIKE $1 ESCAPE '\'"#, ["A\\%%"]))
        #expect(sql(Field("name").like("a%", caseInsensitive: true)) == (#""name" ILIKE $1 ESCAPE '\'"#, ["a%"]))
    }

    @Test func logicNestsWithParenthesesAndNumbersPlaceholdersInOrder() {
        let predicate = (Field("a") == 1 || Field("b").like("x%")) && !(Field("c") > 2)
        #expect(sql(predicate) == (#"(("a" = $1 OR "b" LIKE $2 ESCAPE '\') AND NOT COALESCE(("c" > $3), 1=0))"#, [1, "x%", 2]))
    }

    @Test func numberingStartsWhereTheCallerSays() {
        #expect(sql(Field("a") == 1 && Field("b") == 2, from: 4) == (#"("a" = $4 AND "b" = $5)"#, [1, 2]))
    }

    @Test func emptyAndMatchesAllEmptyOrMatchesNothing() {
        #expect(sql(.all) == ("1=1", []))
        #expect(sql(.and([])) == ("1=1", []))
        #expect(sql(.or([])) == ("1=0", []))
    }

    /// ``SQLEntityStore`` binds a kept text with `bindings(of:)`: it must bind what `translate` does, in order.
    @Test(arguments: [
        Predicate.all, Field("a") == 1, Field("a") == Int?.none, Field("a") != Int?.none, Field("a") != 2, Field("a") < 3,
        Field("id").isIn([1, 2, 3]), Field("id").isIn([Int]()), Field("n").like("x%"), Field("n").like("%y", caseInsensitive: true),
        .isNull(field: "a"), .and([]), .or([]),
        (Field("a") == 1 || Field("b").like("x%")) && !(Field("c") > 2) && Field("d").isIn([4, 5]),
        .not(.or([Field("a") == Int?.none, .and([Field("b") == "t", Field("c").isIn([6])])])),
    ])
    func bindingsAloneAreThoseOfTheTranslation(_ predicate: Predicate) {
        for first in [1, 4] {
            #expect(translator.bindings(of: predicate, firstIndex: first) == translator.translate(predicate, firstIndex: first).bindings)
        }
    }

    @Test func fieldNamesAreQuotedSafely() {
        #expect(sql(Field("we\"ird") == 1).0 == #""we""ird" = $1"#)
    }

    @Test func orderByPutsNullsFirstAscendingAndLastDescending() {
        #expect(translator.orderBy([]) == "")
        #expect(translator.orderBy([Field("age").ascending, Field("id").descending]) == #" ORDER BY "age" ASC NULLS FIRST, "id" DESC NULLS LAST"#)
        let plain = SQLPredicateTranslator(dialect: TestDialect(supportsNullsOrdering: false))
        #expect(plain.orderBy([Field("age").ascending]) == #" ORDER BY "age" IS NOT NULL ASC, "age" ASC"#)
        #expect(plain.orderBy([Field("age").descending]) == #" ORDER BY "age" IS NOT NULL DESC, "age" DESC"#)
    }

    @Test func predicateOperatorsFlattenAnds() {
        let predicate = Field("a") == 1 && Field("b") == 2 && Field("c") == 3
        guard case .and(let parts) = predicate else { Issue.record("not an and"); return }
        #expect(parts.count == 3)
        #expect((Predicate.all && Field("a") == 1) == (Field("a") == 1))
    }
}
