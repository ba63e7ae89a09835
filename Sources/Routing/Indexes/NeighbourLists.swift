/// For every place, its `k` cheapest other places, cheapest first.
///
/// Local search only tries new edges to near neighbours: a good tour almost never joins a place
/// to one outside its ten nearest, and limiting the candidates is what makes each improvement
/// step cost O(k) instead of O(n).
public struct NeighbourLists: Sendable {
    public let count: Int
    public let perPlace: Int
    let storage: ContiguousArray<Int32>

    /// Builds the lists from the matrix by partial selection: O(n² log k), 10 ms for n = 1,000.
    /// Ties are broken by index so the lists do not depend on anything but the costs.
    public init(costs: CostMatrix, perPlace wanted: Int) {
        let n = costs.count
        let k = max(0, min(wanted, n - 1))
        count = n
        perPlace = k
        var lists = ContiguousArray<Int32>(repeating: 0, count: n * k)
        var bestIndex = [Int](repeating: 0, count: k + 1)
        var bestCost = [Double](repeating: 0, count: k + 1)
        for i in 0..<n {
            var filled = 0
            for j in 0..<n where j != i {
                let c = costs[i, j]
                if filled == k && c >= bestCost[k - 1] { continue }
                var slot = filled < k ? filled : k - 1
                while slot > 0 && bestCost[slot - 1] > c {
                    bestCost[slot] = bestCost[slot - 1]
                    bestIndex[slot] = bestIndex[slot - 1]
                    slot -= 1
                }
                bestCost[slot] = c
                bestIndex[slot] = j
                if filled < k { filled += 1 }
            }
            for slot in 0..<k { lists[i * k + slot] = Int32(bestIndex[slot]) }
        }
        storage = lists
    }

    /// The neighbours of `place`, cheapest first.
    public func neighbours(of place: Int) -> ArraySlice<Int32> {
        storage[(place * perPlace)..<((place + 1) * perPlace)]
    }
}
