/// Union-find over `0..<count` with path halving. The root of a set is always its smallest
/// element, so a set can be named by it stably (components numbered by their first node).
struct DisjointSets {
    private var root: [Int]

    init(count: Int) { root = Array(0..<count) }

    mutating func find(_ x: Int) -> Int {
        var x = x
        while root[x] != x {
            root[x] = root[root[x]]
            x = root[x]
        }
        return x
    }

    /// Joins the sets of `a` and `b`; false when they were already one.
    @discardableResult
    mutating func union(_ a: Int, _ b: Int) -> Bool {
        let ra = find(a), rb = find(b)
        guard ra != rb else { return false }
        root[max(ra, rb)] = min(ra, rb)
        return true
    }
}
