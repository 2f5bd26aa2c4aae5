/// The text `\?` prints.
enum MetaCommandHelp {
    static let text = """
        Statements end with ; and may span lines. Prefix one with @NAME to send it to backend NAME,
        or with @NAME1,NAME2 to run it on each (rows show their backend).
        On MongoDB, statements are mongosh's (db.items.find({age: {$gt: 30}})) and end when
        their brackets close; \\dt lists collections and \\d NAME their fields.

        General
          \\? or \\help          this help
          \\q                   quit (Ctrl-D also quits; Ctrl-C cancels a running statement)

        Exploring
          \\dt                  tables and views of the current backend
          \\dn                  schemas of the current backend
          \\d NAME              columns of a table or view (type, nullability, primary key);
                               quote a name as in SQL: \\d "Order Items"
          \\backends            open backends: URL (passwords hidden), role, health, circuit
          \\use NAME            send statements to backend NAME by default
          \\route STATEMENT     where a statement would go and why, without running it
          \\processors          the processing pipeline, in order
          \\refresh             relearn which backend owns which table (after CREATE TABLE)
          \\set [NAME VALUE]    who requests come from: tenant, user or any attribute (shard keys)
          \\unset NAME          forget a \\set

        Copying
          \\copy [@B] T [(C, …)] FROM STATEMENT
                               write the rows STATEMENT returns (from any backend: @NAME …)
                               into table T of backend B (default: the current one)
          \\copy [@B] T [(C, …)] FROM 'FILE.csv' [CSV] [HEADER] [DELIMITER 'C']
                               load a CSV file into table T the same way

        Output
          \\x [on|off]          expanded display: one block per record, values in full
          \\format FORMAT       table, json, csv or markdown
          \\timing [on|off]     show how long each statement took
          \\null [TEXT]         show null values as TEXT (default NULL; '' for nothing), to tell
                               them from the text 'NULL'
          \\limit [N|off]       show at most N rows of a result (0 or off: no limit)
          \\timeout [T|off]     stop a statement still running or printing after T (500ms, 30s, 2m)
          \\o [FILE]            send results to FILE; \\o alone sends them back to the screen

        Editing and repeating
          \\e [FILE]            edit the statement being typed, or the last one (or FILE), in
                               $SWITCHYARD_EDITOR, $VISUAL or $EDITOR; what is saved then runs
          \\watch [T] [N]       run the statement being typed, or the last one, again every T
                               (2, 0.5, 500ms; default 2s), N times or until Ctrl-C

        Scripts
          \\i FILE              run the statements and commands in FILE

        """
}
