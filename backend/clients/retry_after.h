// RetryAfter: an HTTP Retry-After header (RFC 9110 §10.2.3) as a delay. Every client that honours a
// remote's Retry-After (the Wazuh API, the LLM, Slack, Jira, StackStorm through JsonPoster) reads it here.
#pragma once

#include <QByteArray>
#include <QDateTime>

namespace eos {

class RetryAfter {
public:
    // delay-seconds or an HTTP date (IMF-fixdate, RFC 850 or asctime, always GMT) as milliseconds from
    // `now`; -1 when absent, negative or unreadable, 0 for a date in the past.
    static qint64 ms(const QByteArray &value, const QDateTime &now);
};

}  // namespace eos
