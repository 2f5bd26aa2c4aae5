import Switchyard

/// The predicate forms, each with the ids of ``ConformancePerson/people`` it must select:
///
/// | id | name    | age | nick          |
/// |----|---------|-----|---------------|
/// | 1  | Ada     | 36  | ada           |
/// | 2  | alan    | 41  | –             |
/// | 3  | Grace   | –   | amazing grace |
/// | 4  | Linus   | 28  | 100%          |
/// | 5  | Barbara | 36  | b_b           |
/// | 6  | Edsger  | 72  | –             |
/// | 7  | ADA     | –   | x%y           |
/// | 8  | Ken     | 28  | ken_          |
extension CheckRun {
    private var age: Field { Field("age") }
    private var name: Field { Field("name") }
    private var nick: Field { Field("nick") }

    func repositoryComparisons() async throws -> CheckOutcome {
        try await expectSelections([
            ("age == 36", age == 36, [1, 5]),
            ("age != 36", age != 36, [2, 3, 4, 6, 7, 8]),
            ("age < 36", age < 36, [4, 8]),
            ("age <= 36", age <= 36, [1, 4, 5, 8]),
            ("age > 36", age > 36, [2, 6]),
            ("age >= 36", age >= 36, [1, 2, 5, 6]),
            ("name == \"Ada\" (case-sensitive)", name == "Ada", [1]),
            ("id == 4", Field("id") == 4, [4]),
        ])
    }

    func repositoryNullSemantics() async throws -> CheckOutcome {
        try await expectSelections([
            ("age == nil", age == nil, [3, 7]),
            ("age != nil", age != nil, [1, 2, 4, 5, 6, 8]),
            ("nick.isNull", nick.isNull, [2, 6]),
            ("nick.isNotNull", nick.isNotNull, [1, 3, 4, 5, 7, 8]),
            ("compare(age, =, null)", .compare(field: "age", .equal, .null), [3, 7]),
            ("nick != \"ada\" (matches nulls)", nick != "ada", [2, 3, 4, 5, 6, 7, 8]),
            ("age < 100 (never matches null)", age < 100, [1, 2, 4, 5, 6, 8]),
            (".all", .all, [1, 2, 3, 4, 5, 6, 7, 8]),
        ])
    }

    func repositoryMembership() async throws -> CheckOutcome {
        try await expectSelections([
            ("age in [28, 72]", age.isIn([28, 72]), [4, 6, 8]),
            ("age in []", age.isIn([Int]()), []),
            ("name in [Ada, Ken, Nobody]", name.isIn(["Ada", "Ken", "Nobody"]), [1, 8]),
            ("age in [36, nil] (never matches null)", .isIn(field: "age", [36, .null]), [1, 5]),
            ("!(age in [28, 72])", !age.isIn([28, 72]), [1, 2, 3, 5, 7]),
            ("!(age in [])", !age.isIn([Int]()), [1, 2, 3, 4, 5, 6, 7, 8]),
        ])
    }

    func repositoryLike() async throws -> CheckOutcome {
        try await expectSelections([
            ("name like A%", name.like("A%"), [1, 7]),
            ("name like a%", name.like("a%"), [2]),
            ("name like a% (case-insensitive)", name.like("a%", caseInsensitive: true), [1, 2, 7]),
            ("name like _en", name.like("_en"), [8]),
            ("name like Ad_", name.like("Ad_"), [1]),
            ("name like ad_ (case-insensitive)", name.like("ad_", caseInsensitive: true), [1, 7]),
            ("name like %ar%", name.like("%ar%"), [5]),
            ("nick like %\\%% (literal percent)", nick.like("%\\%%"), [4, 7]),
            ("nick like 100\\%", nick.like("100\\%"), [4]),
            ("nick like %\\_% (literal underscore)", nick.like("%\\_%"), [5, 8]),
            ("nick like a_a", nick.like("a_a"), [1]),
            ("nick like a\\_a", nick.like("a\\_a"), []),
            ("nick like X\\%Y (case-insensitive)", nick.like("X\\%Y", caseInsensitive: true), [7]),
            ("nick like AMAZING%", nick.like("AMAZING%"), []),
            ("nick like AMAZING% (case-insensitive)", nick.like("AMAZING%", caseInsensitive: true), [3]),
            ("nick like % (never matches null)", nick.like("%"), [1, 3, 4, 5, 7, 8]),
            ("!(nick like %a%) (matches nulls)", !nick.like("%a%"), [2, 4, 5, 6, 7, 8]),
        ])
    }

    func repositoryLogic() async throws -> CheckOutcome {
        try await expectSelections([
            ("age >= 30 && name like %a%", age >= 30 && name.like("%a%"), [1, 2, 5]),
            ("age < 30 || name == Grace", age < 30 || name == "Grace", [3, 4, 8]),
            ("!(age > 30) (matches nulls)", !(age > 30), [3, 4, 7, 8]),
            ("!(age >= 30 && name like %a%)", !(age >= 30 && name.like("%a%")), [3, 4, 6, 7, 8]),
            ("!(age < 30 || nick == nil)", !(age < 30 || nick == nil), [1, 3, 5, 7]),
            ("!!(age == 36)", !(!(age == 36)), [1, 5]),
            ("(age == 28 || age == 72) && nick != nil", (age == 28 || age == 72) && nick != nil, [4, 8]),
            ("and([])", .and([]), [1, 2, 3, 4, 5, 6, 7, 8]),
            ("or([])", .or([]), []),
        ])
    }

    func repositorySorting() async throws -> CheckOutcome {
        let id = Field("id")
        return try await expectOrders([
            ("orderBy: age asc, id asc", .all, [age.ascending, id.ascending], .all, [3, 7, 4, 8, 1, 5, 2, 6]),
            ("orderBy: age desc, id asc", .all, [age.descending, id.ascending], .all, [6, 2, 1, 5, 4, 8, 3, 7]),
            ("orderBy: age desc, id desc", .all, [age.descending, id.descending], .all, [6, 2, 5, 1, 8, 4, 7, 3]),
            ("orderBy: nick asc, id asc", .all, [nick.ascending, id.ascending], .all, [2, 6, 4, 1, 3, 5, 8, 7]),
            ("orderBy: id desc", .all, [id.descending], .all, [8, 7, 6, 5, 4, 3, 2, 1]),
            ("where age >= 36, orderBy: age desc, id desc", age >= 36, [age.descending, id.descending], .all, [6, 2, 5, 1]),
        ])
    }

    func repositoryPaging() async throws -> CheckOutcome {
        let byID = [Field("id").ascending]
        return try await expectOrders([
            ("limit 3", .all, byID, Page(limit: 3), [1, 2, 3]),
            ("limit 3 offset 3", .all, byID, Page(limit: 3, offset: 3), [4, 5, 6]),
            ("limit 3 offset 6", .all, byID, Page(limit: 3, offset: 6), [7, 8]),
            ("limit 3 offset 8", .all, byID, Page(limit: 3, offset: 8), []),
            ("offset 5 without a limit", .all, byID, Page(limit: nil, offset: 5), [6, 7, 8]),
            ("limit 0", .all, byID, Page(limit: 0), []),
            (
                "where age != nil, orderBy: age desc, id asc, limit 2 offset 1", age != nil,
                [age.descending, Field("id").ascending], Page(limit: 2, offset: 1), [2, 1]
            ),
        ], refusing: [
            ("limit -1", Page(limit: -1)), ("offset -5", Page(offset: -5)), ("limit -1 offset -5", Page(limit: -1, offset: -5)),
        ])
    }
}
