import Switchyard
import Testing

/// `Field(...) == nil` and `!= nil` are the null tests the ``Predicate`` overview promises,
/// the very predicates of the longer spellings, so every backend treats them alike.
@Suite struct FieldNilComparisonTests {
    @Test func equalToNilIsTheNullTest() {
        let predicate = Field("age") == nil
        #expect(predicate == .isNull(field: "age"))
        #expect(predicate == Field("age").isNull)
        #expect(predicate == (Field("age") == Int?.none))
    }

    @Test func notEqualToNilIsTheNotNullTest() {
        let predicate = Field("age") != nil
        #expect(predicate == .not(.isNull(field: "age")))
        #expect(predicate == Field("age").isNotNull)
        #expect(predicate == (Field("age") != Int?.none))
    }

    @Test func nilTestsCombineWithOtherConditions() {
        let predicate = Field("age") == nil || (Field("name") != nil && Field("age") > 3)
        #expect(predicate == .or([.isNull(field: "age"), .and([.not(.isNull(field: "name")), .compare(field: "age", .greater, .int(3))])]))
    }
}
