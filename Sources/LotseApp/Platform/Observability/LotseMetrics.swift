import Dispatch
import Metrics
import Prometheus

/// What `/metrics` shows, in the Prometheus text format (issue 14). Vapor reports every request
/// to swift-metrics (`http_requests_total`, `http_request_duration_seconds`, by method, route
/// pattern and status: never an id, a query or a name); Lotse adds its own below. No label holds
/// personal data or an id.
enum LotseMetrics {
    static let registry = PrometheusCollectorRegistry()

    /// swift-metrics takes one backend per process: the first `configure` sets it, and every later
    /// application of the same process (the test suites) reports to the same registry.
    static let bootstrapped: Void = MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))

    static func signInFailed(step: String) {
        Counter(label: "lotse_sign_in_failures_total", dimensions: [("step", step)]).increment()
    }

    static func rateLimitRefused() { Counter(label: "lotse_rate_limit_refusals_total").increment() }

    static func anonymousRefusalsSummarised(_ count: Int) {
        Counter(label: "lotse_anonymous_refusals_summarised_total").increment(by: count)
    }

    static func auditAppended(since start: UInt64) {
        Timer(label: "lotse_audit_append_duration_seconds", preferredDisplayUnit: .seconds)
            .recordNanoseconds(DispatchTime.now().uptimeNanoseconds - start)
    }

    /// A run of a background job (`audit_anchor`, `anonymous_refusals`), and whether it succeeded.
    static func jobRan(_ job: String, succeeded: Bool) {
        Counter(label: "lotse_background_job_runs_total", dimensions: [("job", job), ("outcome", succeeded ? "ok" : "failed")]).increment()
    }
}
