import Testing
import Switchyard
import SwitchyardREPL

@Suite struct StatementAccumulatorTests {
    @Test func aSemicolonEndsAStatement() {
        var accumulator = StatementAccumulator()
        #expect(accumulator.append("SELECT 1;") == ["SELECT 1;"])
        #expect(accumulator.isEmpty)
    }

    @Test func linesAccumulateUntilTheSemicolon() {
        var accumulator = StatementAccumulator()
        #expect(accumulator.append("SELECT *") == [])
        #expect(!accumulator.isEmpty)
        #expect(accumulator.lines == ["SELECT *"])
        #expect(accumulator.append("FROM t;") == ["SELECT *\nFROM t;"])
        #expect(accumulator.lines.isEmpty)
    }

    @Test func oneLineMayHoldSeveralStatements() {
        var accumulator = StatementAccumulator()
        #expect(accumulator.append("SELECT 1; SELECT 2; SELECT") == ["SELECT 1;", "SELECT 2;"])
        #expect(accumulator.lines == ["SELECT"])
        #expect(accumulator.append("3;") == ["SELECT\n3;"])
    }

    /// PostgreSQL's reading, as its dialect asks for it.
    private func postgresAccumulator() -> StatementAccumulator {
        var accumulator = StatementAccumulator()
        accumulator.reading = SQLTokenizer.Reading(
            escapeStrings: true, nestedComments: true, dollarQuotes: true, lineCommentsEndAtCarriageReturn: true)
        return accumulator
    }

    @Test(arguments: [false, true])
    func aQuoteFollowedByACombiningMarkEndsWhereTheServerEndsIt(postgres: Bool) {
        var accumulator = postgres ? postgresAccumulator() : StatementAccumulator()
        #expect(accumulator.append("SELECT 'a'\u{301}x; DELETE FROM t; SELECT 'z';") == [
            "SELECT 'a'\u{301}x;", "DELETE FROM t;", "SELECT 'z';",
        ])
        #expect(accumulator.isEmpty)
    }

    @Test(arguments: [false, true])
    func aLineCommentEndsAtACRLFLineBreak(postgres: Bool) {
        var accumulator = postgres ? postgresAccumulator() : StatementAccumulator()
        #expect(accumulator.append("SELECT 1; -- note\r\nDELETE FROM t; SELECT 2;") == [
            "SELECT 1;", "-- note\r\nDELETE FROM t;", "SELECT 2;",
        ])
    }

    @Test func dollarQuotesAreStringsOnlyInPostgreSQL() {
        var postgres = postgresAccumulator()
        #expect(postgres.append("SELECT $$a;b$$; SELECT 2;") == ["SELECT $$a;b$$;", "SELECT 2;"])
        // SQLite's reading (the default): `$$` is a parameter's name, and the `;` after it ends the statement.
        var sqlite = StatementAccumulator()
        #expect(sqlite.append("SELECT $$; SELECT 2;") == ["SELECT $$;", "SELECT 2;"])
    }

    @Test func postgresEscapeStringsSplitAsPsqlSplitsThem() {
        var postgres = postgresAccumulator()
        #expect(postgres.append(#"INSERT INTO t VALUES (50, E'x\'y');"#) == [#"INSERT INTO t VALUES (50, E'x\'y');"#])
        #expect(postgres.isEmpty)
        #expect(postgres.append(#"SELECT E'it\'s'; SELECT 2;"#) == [#"SELECT E'it\'s';"#, "SELECT 2;"])
        // SQLite's reading (the default): the backslash does not escape, so the quote after it ends the string.
        var sqlite = StatementAccumulator()
        #expect(sqlite.append(#"SELECT 'a\'; SELECT 2;"#) == [#"SELECT 'a\';"#, "SELECT 2;"])
    }

    @Test func postgresNestedCommentsSplitAsPsqlSplitsThem() {
        var postgres = postgresAccumulator()
        let sql = "SELECT 1 /* outer /* inner */ still comment; */ AS x;"
        #expect(postgres.append(sql + " SELECT 2;") == [sql, "SELECT 2;"])
        // SQLite's reading (the default): the first `*/` closes the comment, so the `;` after it ends the statement.
        var sqlite = StatementAccumulator()
        #expect(sqlite.append(sql) == ["SELECT 1 /* outer /* inner */ still comment;", "*/ AS x;"])
    }

    @Test func aNestedCommentMaySpanLines() {
        var postgres = postgresAccumulator()
        #expect(postgres.append("SELECT 1 /* outer /* inner */ still;") == [])
        #expect(postgres.isInsideQuoteOrComment)
        #expect(postgres.append("comment; */ AS x;") == ["SELECT 1 /* outer /* inner */ still;\ncomment; */ AS x;"])
        #expect(postgres.isEmpty)
        // A comment alone, nested or not, is no statement.
        #expect(postgres.append("/* a /* b */ c; */") == [])
        #expect(postgres.isEmpty)
    }

    @Test(arguments: [false, true])
    func beginAtomicBodiesKeepTheirSemicolons(postgres: Bool) {
        var accumulator = postgres ? postgresAccumulator() : StatementAccumulator()
        #expect(accumulator.append("CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql") == [])
        #expect(accumulator.append("BEGIN ATOMIC") == [])
        #expect(accumulator.append("  INSERT INTO log VALUES (a);") == [])
        #expect(accumulator.append("  SELECT CASE WHEN a > 0 THEN a ELSE 0 END;") == [])
        let done = accumulator.append("END; SELECT f(1);")
        #expect(done.count == 2)
        #expect(done.first?.hasPrefix("CREATE FUNCTION") == true)
        #expect(done.first?.hasSuffix("ELSE 0 END;\nEND;") == true)
        #expect(done.last == "SELECT f(1);")
        #expect(accumulator.isEmpty)
    }

    @Test func proceduresAndReplacedFunctionsHaveBodiesToo() {
        var accumulator = postgresAccumulator()
        let procedure = "CREATE OR REPLACE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); DELETE FROM u; END;"
        #expect(accumulator.append(procedure + " CALL p();") == [procedure, "CALL p();"])
        let function = "create or replace function g() returns int language sql begin atomic select 1; end;"
        #expect(accumulator.append(function) == [function])
    }

    @Test func caseAndEndInsideParenthesesDoNotCountAsBlocks() {
        // Like psql: only outside parentheses do BEGIN, CASE and END open and close blocks.
        var accumulator = postgresAccumulator()
        let sql = "CREATE FUNCTION h(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT (CASE WHEN x > 0 THEN 1 END); END;"
        #expect(accumulator.append(sql + " SELECT 2;") == [sql, "SELECT 2;"])
    }

    @Test func aFunctionWithoutAtomicBodyEndsAtItsSemicolon() {
        var accumulator = postgresAccumulator()
        #expect(accumulator.append("CREATE FUNCTION one() RETURNS int LANGUAGE sql RETURN 1; SELECT one();").count == 2)
        let plpgsql = "CREATE FUNCTION two() RETURNS int AS $$ BEGIN RETURN 2; END $$ LANGUAGE plpgsql;"
        #expect(accumulator.append(plpgsql + " SELECT two();") == [plpgsql, "SELECT two();"])
    }

    @Test func aPostgresTriggerWithoutBodyEndsAtItsSemicolon() {
        var accumulator = postgresAccumulator()
        let trigger = "CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW EXECUTE FUNCTION f();"
        #expect(accumulator.append(trigger + " SELECT 1;") == [trigger, "SELECT 1;"])
        let constraint = "CREATE CONSTRAINT TRIGGER c AFTER INSERT ON a FOR EACH ROW EXECUTE FUNCTION f();"
        #expect(accumulator.append(constraint) == [constraint])
    }

    @Test func semicolonsInStringsAndIdentifiersDoNotEndStatements() {
        var accumulator = StatementAccumulator()
        #expect(accumulator.append("SELECT 'a;b', \"c;d\" FROM t;") == ["SELECT 'a;b', \"c;d\" FROM t;"])
    }

    @Test func aStringMaySpanLines() {
        var accumulator = StatementAccumulator()
        #expect(accumulator.append("INSERT INTO t VALUES ('first;") == [])
        #expect(accumulator.isInsideQuoteOrComment)
        #expect(accumulator.append("second');") == ["INSERT INTO t VALUES ('first;\nsecond');"])
    }

    @Test func semicolonsInCommentsDoNotEndStatements() {
        var accumulator = StatementAccumulator()
        #expect(accumulator.append("SELECT 1 -- not the end;") == [])
        #expect(accumulator.append("/* still; not */ ;") == ["SELECT 1 -- not the end;\n/* still; not */ ;"])
    }

    @Test func aBlockCommentMaySpanLines() {
        var accumulator = StatementAccumulator()
        #expect(accumulator.append("/* a comment;") == [])
        #expect(accumulator.isInsideQuoteOrComment)
        #expect(accumulator.append("still; */ SELECT 1;").count == 1)
    }

    @Test func triggerBodiesKeepTheirSemicolons() {
        var accumulator = StatementAccumulator()
        #expect(accumulator.append("CREATE TRIGGER t AFTER INSERT ON a BEGIN") == [])
        #expect(accumulator.append("  INSERT INTO log VALUES (1);") == [])
        #expect(accumulator.append("  UPDATE b SET n = CASE WHEN n > 0 THEN n ELSE 0 END;") == [])
        let done = accumulator.append("END; SELECT 1;")
        #expect(done.count == 2)
        #expect(done.first?.hasPrefix("CREATE TRIGGER") == true)
        #expect(done.first?.hasSuffix("END;") == true)
        #expect(done.last == "SELECT 1;")
    }

    @Test func aCaseBeforeATriggersBodyDoesNotOpenABlock() {
        var accumulator = StatementAccumulator()
        let trigger = "CREATE TRIGGER t AFTER INSERT ON a WHEN CASE WHEN new.x THEN 1 END BEGIN DELETE FROM b; END;"
        #expect(accumulator.append(trigger + " SELECT 1;") == [trigger, "SELECT 1;"])
    }

    @Test func temporaryTriggersAreRecognisedToo() {
        var accumulator = StatementAccumulator()
        #expect(accumulator.append("CREATE TEMP TRIGGER t AFTER DELETE ON a BEGIN DELETE FROM b; END;").count == 1)
    }

    @Test func beginTransactionIsAnOrdinaryStatement() {
        var accumulator = StatementAccumulator()
        #expect(accumulator.append("BEGIN; INSERT INTO t VALUES (1); COMMIT;").count == 3)
    }

    @Test func dollarQuotedBodiesKeepTheirSemicolons() {
        var accumulator = postgresAccumulator()
        #expect(accumulator.append("CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;").count == 1)
    }

    @Test func emptyStatementsAreSkipped() {
        var accumulator = StatementAccumulator()
        #expect(accumulator.append(";;  ;") == [])
        #expect(accumulator.isEmpty)
    }

    @Test func whatIsLeftAtTheEndIsReturnedByFinish() {
        var accumulator = StatementAccumulator()
        _ = accumulator.append("SELECT 1")
        #expect(accumulator.finish() == "SELECT 1")
        #expect(accumulator.isEmpty)
        #expect(accumulator.finish() == nil)
    }

    @Test func resetDiscardsTheUnfinishedStatement() {
        var accumulator = StatementAccumulator()
        _ = accumulator.append("SELECT 'unfinished")
        accumulator.reset()
        #expect(accumulator.isEmpty)
        #expect(accumulator.append("SELECT 2;") == ["SELECT 2;"])
    }
}
