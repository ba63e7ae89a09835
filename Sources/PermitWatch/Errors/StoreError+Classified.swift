import Store

/// The store's one error, classified: a time limit is the request's fault, anything else the
/// database's.
extension StoreError: ClassifiedError {
    public var kind: ErrorKind { isInterruption ? .timeLimit : .database }
}
