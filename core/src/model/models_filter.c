/*
 * models_filter.c — the filter language: Filter, Condition and every
 * condition, match, range, geo and count model.
 *
 * Filter refuses unknown fields (QE_M_STRICT), as Qdrant's server does;
 * must/should/must_not take one condition or a list.
 */

#include "model/desc.h"

static const qe_field_desc Filter_f[] = {
    QE_FIELD("should", "Condition | [Condition]", 0, NULL,
             "At least one of these must hold; a single condition or a list."),
    QE_FIELD("min_should", "MinShould", 0, NULL,
             "At least a given number of these conditions must hold."),
    QE_FIELD("must", "Condition | [Condition]", 0, NULL,
             "Every one of these must hold; a single condition or a list."),
    QE_FIELD("must_not", "Condition | [Condition]", 0, NULL,
             "None of these may hold; a single condition or a list."),
};

static const qe_field_desc FieldCondition_f[] = {
    QE_FIELD("key", "string", QE_REQ, NULL, "Payload path, such as `city` or `a.b[].c`."),
    QE_FIELD("match", "Match", 0, NULL, "Compare the values with given ones or with text."),
    QE_FIELD("range", "RangeInterface", 0, NULL, "Numeric or date-time bounds."),
    QE_FIELD("geo_bounding_box", "GeoBoundingBox", 0, NULL, "Geo point inside a rectangle."),
    QE_FIELD("geo_radius", "GeoRadius", 0, NULL, "Geo point within a distance of a centre."),
    QE_FIELD("geo_polygon", "GeoPolygon", 0, NULL, "Geo point inside a polygon."),
    QE_FIELD("values_count", "ValuesCount", 0, NULL, "Bounds on how many values the path holds."),
    QE_FIELD("is_empty", "bool", 0, NULL, "Short form of an is_empty condition on the same key."),
    QE_FIELD("is_null", "bool", 0, NULL, "Short form of an is_null condition on the same key."),
};

static const qe_field_desc MatchValue_f[] = {
    QE_FIELD("value", "ValueVariants", QE_REQ, NULL,
             "A string, integer or boolean to compare with."),
};

static const qe_field_desc MatchText_f[] = {
    QE_FIELD("text", "string", QE_REQ, NULL, "Text to search for."),
};

static const qe_field_desc MatchTextAny_f[] = {
    QE_FIELD("text_any", "string", QE_REQ, NULL, "Words to search for."),
};

static const qe_field_desc MatchPhrase_f[] = {
    QE_FIELD("phrase", "string", QE_REQ, NULL, "Phrase to search for."),
};

static const qe_field_desc MatchPrefix_f[] = {
    QE_FIELD("prefix", "string", QE_REQ, NULL, "The leading text."),
};

static const qe_field_desc MatchAny_f[] = {
    QE_FIELD("any", "AnyVariants", QE_REQ, NULL, "Strings or integers to accept."),
};

static const qe_field_desc MatchExcept_f[] = {
    QE_FIELD("except", "AnyVariants", QE_REQ, NULL, "Strings or integers to reject."),
};

static const qe_field_desc Range_f[] = {
    QE_FIELD("lt", "float", 0, NULL, "Value is less than this."),
    QE_FIELD("gt", "float", 0, NULL, "Value is greater than this."),
    QE_FIELD("gte", "float", 0, NULL, "Value is at least this."),
    QE_FIELD("lte", "float", 0, NULL, "Value is at most this."),
};

static const qe_field_desc DatetimeRange_f[] = {
    QE_FIELD("lt", "string", 0, NULL, "Value is earlier than this."),
    QE_FIELD("gt", "string", 0, NULL, "Value is later than this."),
    QE_FIELD("gte", "string", 0, NULL, "Value is this moment or later."),
    QE_FIELD("lte", "string", 0, NULL, "Value is this moment or earlier."),
};

static const qe_field_desc GeoBoundingBox_f[] = {
    QE_FIELD("top_left", "GeoPoint", QE_REQ, NULL, "North-west corner."),
    QE_FIELD("bottom_right", "GeoPoint", QE_REQ, NULL, "South-east corner."),
};

static const qe_field_desc GeoRadius_f[] = {
    QE_FIELD("center", "GeoPoint", QE_REQ, NULL, "Centre of the circle."),
    QE_FIELD("radius", "float", QE_REQ, NULL, "Radius in meters."),
};

static const qe_field_desc GeoPolygon_f[] = {
    QE_FIELD("exterior", "GeoLineString", QE_REQ, NULL, "Outer boundary; a closed ring."),
    QE_FIELD("interiors", "[GeoLineString]", 0, NULL,
             "Holes cut out of the polygon; each a closed ring."),
};

static const qe_field_desc GeoLineString_f[] = {
    QE_FIELD("points", "[GeoPoint]", QE_REQ, NULL, "The points in order."),
};

static const qe_field_desc GeoPoint_f[] = {
    QE_FIELD("lon", "float(-180..180)", QE_REQ, NULL, "Longitude, -180 to 180."),
    QE_FIELD("lat", "float(-90..90)", QE_REQ, NULL, "Latitude, -90 to 90."),
};

static const qe_field_desc ValuesCount_f[] = {
    QE_FIELD("lt", "uint", 0, NULL, "Fewer values than this."),
    QE_FIELD("gt", "uint", 0, NULL, "More values than this."),
    QE_FIELD("gte", "uint", 0, NULL, "At least this many values."),
    QE_FIELD("lte", "uint", 0, NULL, "At most this many values."),
};

static const qe_field_desc IsEmptyCondition_f[] = {
    QE_FIELD("is_empty", "PayloadField", QE_REQ, NULL, "The payload path to test."),
};

static const qe_field_desc IsNullCondition_f[] = {
    QE_FIELD("is_null", "PayloadField", QE_REQ, NULL, "The payload path to test."),
};

static const qe_field_desc PayloadField_f[] = {
    QE_FIELD("key", "string", QE_REQ, NULL, "The payload path."),
};

static const qe_field_desc HasIdCondition_f[] = {
    QE_FIELD("has_id", "[ExtendedPointId]", QE_REQ, NULL, "Ids to accept."),
};

static const qe_field_desc HasVectorCondition_f[] = {
    QE_FIELD("has_vector", "string", QE_REQ, NULL, "Vector name; \"\" is the unnamed vector."),
};

static const qe_field_desc SliceCondition_f[] = {
    QE_FIELD("slice", "Slice", QE_REQ, NULL, "Which slice."),
};

static const qe_field_desc Slice_f[] = {
    QE_FIELD("total", "uint(1..)", QE_REQ, NULL, "Number of slices the ids are split into."),
    QE_FIELD("index", "uint", QE_REQ, NULL, "Slice to select, below `total`."),
};

static const qe_field_desc NestedCondition_f[] = {
    QE_FIELD("nested", "Nested", QE_REQ, NULL, "Array path and filter."),
};

static const qe_field_desc Nested_f[] = {
    QE_FIELD("key", "string", QE_REQ, NULL, "Path of the array of objects."),
    QE_FIELD("filter", "Filter", QE_REQ, NULL, "Filter that a single element must satisfy."),
};

static const qe_field_desc MinShould_f[] = {
    QE_FIELD("conditions", "[Condition]", QE_REQ, NULL, "Conditions to count."),
    QE_FIELD("min_count", "uint(1..)", QE_REQ, NULL, "How many must hold."),
};

static const qe_model_desc models[] = {
    QE_OBJECT("Filter", Filter_f, QE_M_STRICT,
              "Boolean combination of conditions on payload, ids and vectors."),
    QE_UNION("Condition",
             "FieldCondition | IsEmptyCondition | IsNullCondition | HasIdCondition | "
             "HasVectorCondition | SliceCondition | NestedCondition | Filter",
             "One filter condition, or a nested filter."),
    QE_OBJECT_ANY(
        "FieldCondition", FieldCondition_f, 0,
        "match,range,geo_bounding_box,geo_radius,geo_polygon,values_count,is_empty,is_null",
        "A test on the values found at a payload path."),
    QE_UNION("Match",
             "MatchValue | MatchText | MatchTextAny | MatchPhrase | MatchPrefix | MatchAny | "
             "MatchExcept",
             "How payload values are compared in a field condition."),
    QE_OBJECT("MatchValue", MatchValue_f, 0, "Matches a value equal to the given one."),
    QE_OBJECT("MatchText", MatchText_f, 0, "Matches text containing all the words of the query."),
    QE_OBJECT("MatchTextAny", MatchTextAny_f, 0,
              "Matches text containing at least one word of the query."),
    QE_OBJECT("MatchPhrase", MatchPhrase_f, 0,
              "Matches text containing the words in this exact order."),
    QE_OBJECT("MatchPrefix", MatchPrefix_f, 0,
              "Matches strings beginning with the prefix; case-sensitive."),
    QE_OBJECT("MatchAny", MatchAny_f, 0, "Matches a value equal to any of the given ones."),
    QE_OBJECT("MatchExcept", MatchExcept_f, 0, "Matches a value equal to none of the given ones."),
    QE_UNION("ValueVariants", "string | int | bool",
             "A string, integer or boolean value to match."),
    QE_UNION("AnyVariants", "[string] | [int]", "A list of strings or a list of integers."),
    QE_UNION("RangeInterface", "Range | DatetimeRange",
             "Numeric bounds, or date-time bounds when given as strings."),
    QE_OBJECT("Range", Range_f, 0, "Numeric bounds; all given bounds must hold."),
    QE_OBJECT("DatetimeRange", DatetimeRange_f, 0,
              "Date-time bounds written as RFC 3339 strings; all given bounds must hold."),
    QE_OBJECT("GeoBoundingBox", GeoBoundingBox_f, 0, "A rectangle given by two opposite corners."),
    QE_OBJECT("GeoRadius", GeoRadius_f, 0, "A circle on the globe."),
    QE_OBJECT("GeoPolygon", GeoPolygon_f, 0, "A polygon on the globe, with optional holes."),
    QE_OBJECT("GeoLineString", GeoLineString_f, 0,
              "A sequence of points; closed when the first and last are equal."),
    QE_OBJECT("GeoPoint", GeoPoint_f, 0, "A location in degrees."),
    QE_OBJECT("ValuesCount", ValuesCount_f, 0,
              "Bounds on the number of values a payload path holds."),
    QE_OBJECT("IsEmptyCondition", IsEmptyCondition_f, 0,
              "Matches points where the path is missing, null or an empty list."),
    QE_OBJECT("IsNullCondition", IsNullCondition_f, 0,
              "Matches points where the path holds an explicit null."),
    QE_OBJECT("PayloadField", PayloadField_f, 0, "Names one payload path."),
    QE_OBJECT("HasIdCondition", HasIdCondition_f, 0, "Matches points whose id is in the list."),
    QE_OBJECT("HasVectorCondition", HasVectorCondition_f, 0,
              "Matches points that store the named vector."),
    QE_OBJECT(
        "SliceCondition", SliceCondition_f, 0,
        "Matches points whose id hashes into one chosen slice, to split scans across workers."),
    QE_OBJECT(
        "Slice", Slice_f, 0,
        "A hash-based part of the id space: points whose id hash modulo `total` equals `index`."),
    QE_OBJECT("NestedCondition", NestedCondition_f, 0,
              "A filter applied to each object of an array in the payload."),
    QE_OBJECT("Nested", Nested_f, 0,
              "Matches when one element of the array satisfies the whole filter."),
    QE_OBJECT("MinShould", MinShould_f, 0, "At least `min_count` of the conditions must hold."),
};

const qe_model_group qe_models_filter = {models, QE_COUNTOF(models)};
