// The string functions of Sling expressions (upper, trim, split_part, substring...), the encodings (encode_url,
// base64, hash, uuid) and the regexes; see expressionfunctions.cpp for where each behaviour comes from and for the
// table that names them.

#include "model/expression/expressionfunctionsupport.h"

#include <QCryptographicHash>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrl>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Backfill::ExpressionFunctionSupport {

namespace {

QStringList splitText(const QString &value, const QString &separator)
{
    if (!separator.isEmpty())
        return value.split(separator);
    QStringList characters;
    for (const QChar c : value)
        characters.append(QString(c));
    return characters;
}

bool regexArg(ExpressionCall &call, QRegularExpression *regex)
{
    QString pattern;
    if (!text(call, 1, &pattern))
        return false;
    regex->setPattern(pattern);
    if (!regex->isValid()) {
        call.error = tr("invalid regular expression \"%1\": %2").arg(pattern, regex->errorString());
        return false;
    }
    return true;
}

} // namespace

// ----- strings

QJsonValue fnUpper(ExpressionCall &call)
{
    QString value;
    return text(call, 0, &value) ? QJsonValue(value.toUpper()) : QJsonValue();
}

QJsonValue fnLower(ExpressionCall &call)
{
    QString value;
    return text(call, 0, &value) ? QJsonValue(value.toLower()) : QJsonValue();
}

QJsonValue fnTrim(ExpressionCall &call)
{
    QString value;
    if (!text(call, 0, &value))
        return QJsonValue::Null;
    if (!hasArg(call, 1))
        return value.trimmed();
    QString cutset;
    if (!text(call, 1, &cutset))
        return QJsonValue::Null;
    qsizetype start = 0;
    qsizetype end = value.size();
    while (start < end && cutset.contains(value.at(start)))
        ++start;
    while (end > start && cutset.contains(value.at(end - 1)))
        --end;
    return value.mid(start, end - start);
}

QJsonValue fnReplace(ExpressionCall &call)
{
    QString value;
    QString before;
    QString after;
    if (!text(call, 0, &value) || !text(call, 1, &before) || !text(call, 2, &after))
        return QJsonValue::Null;
    if (before.isEmpty())
        return value;
    return value.replace(before, after);
}

QJsonValue fnContains(ExpressionCall &call)
{
    if (arg(call, 0).isArray()) {
        const QJsonArray array = arg(call, 0).toArray();
        return std::any_of(array.begin(), array.end(),
                           [&](const QJsonValue &item) { return ExpressionValue::equals(item, arg(call, 1)); });
    }
    if (arg(call, 0).isObject())
        return arg(call, 1).isString() && arg(call, 0).toObject().contains(arg(call, 1).toString());
    QString haystack;
    QString needle;
    if (!text(call, 0, &haystack) || !text(call, 1, &needle))
        return QJsonValue::Null;
    return haystack.contains(needle);
}

QJsonValue fnSplit(ExpressionCall &call)
{
    QString value;
    QString separator;
    if (!text(call, 0, &value) || !text(call, 1, &separator))
        return QJsonValue::Null;
    return QJsonArray::fromStringList(splitText(value, separator));
}

QJsonValue fnSplitPart(ExpressionCall &call)
{
    QString value;
    QString separator;
    qint64 index = 0;
    if (!text(call, 0, &value) || !text(call, 1, &separator) || !integer(call, 2, &index))
        return QJsonValue::Null;
    const QStringList parts = splitText(value, separator);
    if (index < 0)
        index += parts.size();
    if (index < 0 || index >= parts.size())
        return QJsonValue::Null;
    return parts.at(index);
}

QJsonValue fnJoin(ExpressionCall &call)
{
    QString separator;
    if (!text(call, 1, &separator))
        return QJsonValue::Null;
    if (arg(call, 0).isNull())
        return QString();
    if (!arg(call, 0).isArray())
        return failed(call, tr("expected an array for %1 but got %2")
                                .arg(call.argumentText(0), ExpressionValue::typeName(arg(call, 0))));
    QStringList parts;
    for (const QJsonValue &item : arg(call, 0).toArray())
        parts.append(ExpressionValue::toText(item));
    return parts.join(separator);
}

QJsonValue fnLength(ExpressionCall &call)
{
    const QJsonValue &value = arg(call, 0);
    if (value.isNull())
        return 0;
    if (value.isString())
        return qint64(value.toString().size());
    if (value.isArray())
        return qint64(value.toArray().size());
    if (value.isObject())
        return qint64(value.toObject().size());
    return failed(call, tr("cannot take the length of %1").arg(ExpressionValue::typeName(value)));
}

QJsonValue fnSubstring(ExpressionCall &call)
{
    QString value;
    qint64 start = 0;
    if (!text(call, 0, &value) || !integer(call, 1, &start))
        return QJsonValue::Null;
    const qint64 size = value.size();
    if (start < 0)
        start = std::max<qint64>(0, size + start);
    if (start >= size)
        return QString();
    qint64 end = size;
    if (hasArg(call, 2)) {
        if (!integer(call, 2, &end))
            return QJsonValue::Null;
        end = end < 0 ? std::max<qint64>(0, size + end) : std::min(end, size);
    }
    if (end <= start)
        return QString();
    return value.mid(start, end - start);
}

// ----- encodings

QJsonValue fnEncodeUrl(ExpressionCall &call)
{
    QString value;
    if (!text(call, 0, &value))
        return QJsonValue::Null;
    QByteArray encoded = QUrl::toPercentEncoding(value);
    encoded.replace("%20", "+");
    return QString::fromLatin1(encoded);
}

QJsonValue fnDecodeUrl(ExpressionCall &call)
{
    QString value;
    if (!text(call, 0, &value))
        return QJsonValue::Null;
    const QByteArray bytes = value.toUtf8();
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        if (bytes.at(i) != '%')
            continue;
        if (i + 2 >= bytes.size() || !isxdigit(uchar(bytes.at(i + 1))) || !isxdigit(uchar(bytes.at(i + 2))))
            return failed(call, tr("invalid escape at offset %1").arg(i));
    }
    QByteArray plus = bytes;
    plus.replace('+', ' ');
    return QString::fromUtf8(QByteArray::fromPercentEncoding(plus));
}

QJsonValue fnEncodeBase64(ExpressionCall &call)
{
    QString value;
    if (!text(call, 0, &value))
        return QJsonValue::Null;
    return QString::fromLatin1(value.toUtf8().toBase64());
}

QJsonValue fnDecodeBase64(ExpressionCall &call)
{
    QString value;
    if (!text(call, 0, &value))
        return QJsonValue::Null;
    const auto decoded =
        QByteArray::fromBase64Encoding(value.trimmed().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return failed(call, tr("\"%1\" is not valid base64").arg(value));
    return QString::fromUtf8(*decoded);
}

QJsonValue fnHash(ExpressionCall &call)
{
    QString value;
    QString name = u"sha256"_s;
    if (!text(call, 0, &value) || (hasArg(call, 1) && !text(call, 1, &name)))
        return QJsonValue::Null;
    static const QHash<QString, QCryptographicHash::Algorithm> algorithms = {
        {u"md5"_s, QCryptographicHash::Md5},
        {u"sha1"_s, QCryptographicHash::Sha1},
        {u"sha256"_s, QCryptographicHash::Sha256},
        {u"sha512"_s, QCryptographicHash::Sha512},
    };
    const QString key = name.trimmed().toLower();
    if (!algorithms.contains(key))
        return failed(call, tr("unsupported algorithm \"%1\" (expected md5, sha1, sha256 or sha512)").arg(name));
    return QString::fromLatin1(QCryptographicHash::hash(value.toUtf8(), algorithms.value(key)).toHex());
}

QJsonValue fnUuid(ExpressionCall &)
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

// ----- regexes

QJsonValue fnRegexMatch(ExpressionCall &call)
{
    QString value;
    QRegularExpression regex;
    if (!text(call, 0, &value) || !regexArg(call, &regex))
        return QJsonValue::Null;
    return regex.match(value).hasMatch();
}

QJsonValue fnRegexExtract(ExpressionCall &call)
{
    QString value;
    QRegularExpression regex;
    if (!text(call, 0, &value) || !regexArg(call, &regex))
        return QJsonValue::Null;
    const QRegularExpressionMatch match = regex.match(value);
    if (!match.hasMatch())
        return QJsonValue::Null;
    if (hasArg(call, 2)) {
        qint64 group = 0;
        if (!integer(call, 2, &group))
            return QJsonValue::Null;
        if (group < 0 || group > match.lastCapturedIndex())
            return failed(call, tr("group %1 is out of range").arg(group));
        return match.captured(int(group));
    }
    return QJsonArray::fromStringList(match.capturedTexts());
}

} // namespace Backfill::ExpressionFunctionSupport
