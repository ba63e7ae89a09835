/// Connected components of the road graph, ignoring direction (weak components): the number
/// a data check should report, since a network in pieces silently makes stops unreachable.
extension RoadGraph {
    public struct Components: Sendable {
        /// The component of each node, numbered by size (0 is the largest).
        public let componentOf: [Int32]
        /// Nodes per component, largest first.
        public let sizes: [Int]
        public var count: Int { sizes.count }
    }

    public func weakComponents() -> Components {
        var root = Array(0..<nodeCount)
        func find(_ x: Int) -> Int {
            var x = x
            while root[x] != x {
                root[x] = root[root[x]]
                x = root[x]
            }
            return x
        }
        for node in 0..<nodeCount {
            for e in Int(edgeStart[node])..<Int(edgeStart[node + 1]) {
                let a = find(node), b = find(Int(edgeTarget[e]))
                if a != b { root[max(a, b)] = min(a, b) }
            }
        }
        var sizeByRoot: [Int: Int] = [:]
        for node in 0..<nodeCount { sizeByRoot[find(node), default: 0] += 1 }
        // Largest first, ties by smallest node, so the numbering is stable.
        let ordered = sizeByRoot.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
        var number: [Int: Int32] = [:]
        for (index, entry) in ordered.enumerated() { number[entry.key] = Int32(index) }
        return Components(componentOf: (0..<nodeCount).map { number[find($0)]! }, sizes: ordered.map(\.value))
    }
}
