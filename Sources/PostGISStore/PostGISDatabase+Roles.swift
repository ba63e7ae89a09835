import Store

/// One PostgreSQL schema plays every role of the store.
extension PostGISDatabase: SourceRegister, RegisterAnalytics, AreaStore, FieldNetwork, AnalysisRunStore, RoutePlanStore,
    CatalogReader, FeatureReader, MetricCRSStore, StoreMaintenance, AccessTokenStore, FieldRecordStore
{}
