import Testing
import SwitchyardREPL

@Suite struct MetaCommandTests {
    @Test func parsesCommandsWithoutArguments() throws {
        #expect(try MetaCommand.parse("\\?") == .help)
        #expect(try MetaCommand.parse("\\help") == .help)
        #expect(try MetaCommand.parse("\\q") == .quit)
        #expect(try MetaCommand.parse("\\dt") == .listTables)
        #expect(try MetaCommand.parse("\\dn") == .listSchemas)
        #expect(try MetaCommand.parse("\\processors") == .processors)
        #expect(try MetaCommand.parse("\\backends") == .backends)
        #expect(try MetaCommand.parse("  \\q  ") == .quit)
    }

    @Test func describeTakesATableName() throws {
        #expect(try MetaCommand.parse("\\d customers") == .describe("customers"))
        #expect(try MetaCommand.parse("\\d") == .listTables)
        #expect(try MetaCommand.parse(#"\d "Quoted Name""#) == .describe(#""Quoted Name""#))
    }

    @Test func togglesAcceptOnAndOff() throws {
        #expect(try MetaCommand.parse("\\x") == .expanded(.flip))
        #expect(try MetaCommand.parse("\\x on") == .expanded(.on))
        #expect(try MetaCommand.parse("\\timing off") == .timing(.off))
        #expect(throws: MetaCommandError.self) { try MetaCommand.parse("\\timing maybe") }
    }

    @Test func formatNamesAFormat() throws {
        #expect(try MetaCommand.parse("\\format csv") == .format(.csv))
        #expect(try MetaCommand.parse("\\format") == .format(nil))
        #expect(throws: MetaCommandError.invalidArgument(command: "\\format", argument: "xml", expected: OutputFormat.names)) {
            try MetaCommand.parse("\\format xml")
        }
    }

    @Test func nullTakesTheTextToShowQuotedOrNot() throws {
        #expect(try MetaCommand.parse("\\null") == .nullDisplay(nil))
        #expect(try MetaCommand.parse("\\null (null)") == .nullDisplay("(null)"))
        #expect(try MetaCommand.parse("\\null no value") == .nullDisplay("no value"))
        #expect(try MetaCommand.parse("\\null ''") == .nullDisplay(""))
        #expect(try MetaCommand.parse("\\null 'it''s'") == .nullDisplay("it's"))
        #expect(try MetaCommand.parse("\\null ∅;") == .nullDisplay("∅"))
    }

    @Test func limitTakesANumberZeroOrOff() throws {
        #expect(try MetaCommand.parse("\\limit 10") == .limit(.set(10)))
        #expect(try MetaCommand.parse("\\limit 0") == .limit(.set(nil)))
        #expect(try MetaCommand.parse("\\limit off") == .limit(.set(nil)))
        #expect(try MetaCommand.parse("\\limit") == .limit(.show))
        #expect(throws: MetaCommandError.self) { try MetaCommand.parse("\\limit -3") }
    }

    @Test func timeoutTakesADurationZeroOrOff() throws {
        #expect(try MetaCommand.parse("\\timeout 500ms") == .timeout(.set(.milliseconds(500))))
        #expect(try MetaCommand.parse("\\timeout 2m;") == .timeout(.set(.seconds(120))))
        #expect(try MetaCommand.parse("\\timeout 1.5") == .timeout(.set(.milliseconds(1500))))
        #expect(try MetaCommand.parse("\\timeout off") == .timeout(.set(nil)))
        #expect(try MetaCommand.parse("\\timeout 0") == .timeout(.set(nil)))
        #expect(try MetaCommand.parse("\\timeout") == .timeout(.show))
        for bad in ["soon", "-1s", "1e300s", "0ms", "nan"] {
            #expect(throws: MetaCommandError.self, "\\timeout \(bad)") { try MetaCommand.parse("\\timeout \(bad)") }
        }
    }

    @Test func watchTakesAnIntervalAndACountBareOrNamedAsPsqlDoes() throws {
        typealias Schedule = MetaCommand.WatchSchedule
        #expect(try MetaCommand.parse("\\watch") == .watch(Schedule(interval: .seconds(2))))
        #expect(try MetaCommand.parse("\\watch 5") == .watch(Schedule(interval: .seconds(5))))
        #expect(try MetaCommand.parse("\\watch 0.5;") == .watch(Schedule(interval: .milliseconds(500))))
        #expect(try MetaCommand.parse("\\watch 250ms 3") == .watch(Schedule(interval: .milliseconds(250), count: 3)))
        #expect(try MetaCommand.parse("\\watch i=1 c=4") == .watch(Schedule(interval: .seconds(1), count: 4)))
        #expect(try MetaCommand.parse("\\watch count=2") == .watch(Schedule(interval: .seconds(2), count: 2)))
        #expect(try MetaCommand.parse("\\watch 0") == .watch(Schedule(interval: .zero)))
        #expect(try MetaCommand.parse("\\watch i=3 4") == .watch(Schedule(interval: .seconds(3), count: 4)))
        #expect(try MetaCommand.parse("\\watch c=4 3") == .watch(Schedule(interval: .seconds(3), count: 4)))
        for bad in ["\\watch soon", "\\watch -1", "\\watch 1 0", "\\watch c=-2", "\\watch 1 2 3", "\\watch x=1", "\\watch i=", "\\watch 1e300"] {
            #expect(throws: MetaCommandError.self, "\(bad)") { try MetaCommand.parse(bad) }
        }
        #expect(throws: MetaCommandError.invalidArgument(command: "\\watch", argument: "c=0", expected: "a number of runs, 1 or more")) {
            try MetaCommand.parse("\\watch c=0")
        }
    }

    @Test func watchSaysWhichArgumentIsOneTooMany() {
        #expect(throws: MetaCommandError.invalidArgument(
            command: "\\watch", argument: "3", expected: "at most an interval and a count: \\watch [i=]INTERVAL [c=]COUNT")) {
            try MetaCommand.parse("\\watch 1 2 3")
        }
    }

    @Test func copyErrorsNameWhatIsMissingOrWrong() {
        func message(_ line: String) -> String {
            do {
                _ = try MetaCommand.parse(line)
                return "parsed"
            } catch {
                return error.description
            }
        }
        let usage = "[@BACKEND] TABLE [(COLUMN, …)] FROM STATEMENT or FROM 'FILE.csv'"
        #expect(message("\\copy people") == "\\copy needs FROM and a statement or a 'file' after the table (\(usage))")
        #expect(message("\\copy people FORM p") == "\\copy: 'FORM' is not valid; expected FROM after the table (\(usage))")
        #expect(message("\\copy people FROM 'people.csv") == "\\copy needs a single quote closing the file name: FROM 'people.csv'")
        #expect(message("\\copy people FROM '' HEADER") == "\\copy needs a file name in the single quotes: FROM 'people.csv'")
        // An option is named as typed.
        #expect(message("\\copy people FROM 'people.csv' HEADR")
            == "\\copy: 'HEADR' is not valid; expected a CSV option: CSV, HEADER and DELIMITER 'C'")
    }

    @Test func copyNamesItsTargetTableColumnsAndSource() throws {
        typealias Copy = MetaCommand.CopyCommand
        #expect(try MetaCommand.parse("\\copy people FROM SELECT * FROM p") == .copy(Copy(table: "people", source: .statement("SELECT * FROM p"))))
        #expect(
            try MetaCommand.parse(#"\copy @local "Order Items"(id, "Full Name") from @pg SELECT a, b FROM t;"#)
                == .copy(Copy(target: "local", table: #""Order Items""#, columns: ["id", #""Full Name""#], source: .statement("@pg SELECT a, b FROM t"))))
        #expect(
            try MetaCommand.parse("\\copy public.t ( a ,b ) FROM db.t.find({}, {a: 1, b: 1})")
                == .copy(Copy(table: "public.t", columns: ["a", "b"], source: .statement("db.t.find({}, {a: 1, b: 1})"))))
        // CSV files: psql's old and new option spellings.
        #expect(
            try MetaCommand.parse(#"\copy t FROM 'my ''data''.csv' CSV HEADER"#)
                == .copy(Copy(table: "t", source: .csvFile(path: "my 'data'.csv", header: true, delimiter: ","))))
        #expect(
            try MetaCommand.parse(#"\copy t (a) FROM '/tmp/x.csv' WITH (FORMAT csv, HEADER false, DELIMITER ';');"#)
                == .copy(Copy(table: "t", columns: ["a"], source: .csvFile(path: "/tmp/x.csv", header: false, delimiter: ";"))))
        for bad in [#"\copy t FROM 'x.csv"#, #"\copy t FROM '' HEADER"#, #"\copy t FROM 'x.csv' JSON"#, #"\copy t FROM 'x.csv' FORMAT text"#,
            #"\copy t FROM 'x.csv' DELIMITER ';;'"#, #"\copy t FROM 'x.csv' DELIMITER"#] {
            #expect(throws: MetaCommandError.self, "\(bad)") { try MetaCommand.parse(bad) }
        }
        for bad in ["\\copy", "\\copy t", "\\copy t FROM", "\\copy t (a, b FROM SELECT 1", "\\copy t () FROM SELECT 1", "\\copy @ t FROM SELECT 1",
            "\\copy FROM SELECT 1", "\\copy t INTO SELECT 1", "\\copy t (a,,b) FROM SELECT 1"] {
            #expect(throws: MetaCommandError.self, "\(bad)") { try MetaCommand.parse(bad) }
        }
    }

    @Test func editTakesAnOptionalFile() throws {
        #expect(try MetaCommand.parse("\\e") == .edit(nil))
        #expect(try MetaCommand.parse("\\edit") == .edit(nil))
        #expect(try MetaCommand.parse("\\e queries/report.sql") == .edit("queries/report.sql"))
    }

    @Test func filesAndStatementsKeepTheirText() throws {
        #expect(try MetaCommand.parse("\\i my script.sql") == .include("my script.sql"))
        #expect(try MetaCommand.parse("\\o out.txt") == .output("out.txt"))
        #expect(try MetaCommand.parse("\\o") == .output(nil))
        #expect(try MetaCommand.parse("\\route SELECT * FROM t;") == .route("SELECT * FROM t"))
        #expect(try MetaCommand.parse("\\use archive") == .use("archive"))
    }

    @Test func aTrailingSemicolonIsIgnored() throws {
        #expect(try MetaCommand.parse("\\dt;") == .listTables)
        #expect(try MetaCommand.parse("\\use archive;") == .use("archive"))
    }

    @Test func unknownCommandsSayHowToGetHelp() {
        #expect(throws: MetaCommandError.unknown("\\frobnicate")) { try MetaCommand.parse("\\frobnicate") }
        #expect(MetaCommandError.unknown("\\frobnicate").description.contains("\\?"))
    }

    @Test func missingArgumentsAreNamed() {
        #expect(throws: MetaCommandError.missingArgument(command: "\\use", what: "a backend name")) {
            try MetaCommand.parse("\\use")
        }
        #expect(throws: MetaCommandError.missingArgument(command: "\\i", what: "a file name")) {
            try MetaCommand.parse("\\i")
        }
    }

    @Test func commandsWithoutArgumentsRefuseOne() {
        #expect(throws: MetaCommandError.self) { try MetaCommand.parse("\\q now") }
    }
}
