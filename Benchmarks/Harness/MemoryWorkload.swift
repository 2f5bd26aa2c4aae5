/// W6: placeholder until the memory workload lands.
enum MemoryWorkload {
    static func runChild(rows: Int) async throws {}
}
