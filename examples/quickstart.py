"""The Python way in: Qdrant's models, validated by qedge's C core.

Grows with the project: the edge shard and the client extend it later.
"""
import numpy as np

import qedge
from qedge import ValidationError, models

print(f"qedge {qedge.__version__}")

config = models.CreateCollection(
    vectors={"image": models.VectorParams(size=4, distance=models.Distance.COSINE)},
)
point = models.PointStruct(
    id="{6F9619FF-8B86-D011-B42D-00C04FC964FF}",
    vector={"image": np.array([0.1, 0.2, 0.3, 0.4], dtype=np.float32)},
    payload={"city": "Berlin"},
)
flt = models.Filter(must=[models.FieldCondition(key="city", match=models.MatchValue(value="Berlin"))])
print(config)
print(point.to_dict())
print(flt.must[0].match.value)

mistakes = [
    lambda: models.PointStruct(id=-5, vector=[1.0, 2.0]),
    lambda: models.CreateCollection(vectors={"image": {"size": 4, "distance": "cosine"}}),
]
for make in mistakes:
    try:
        make()
    except ValidationError as e:
        print(f"rejected: {e}")
    else:
        raise SystemExit("a bad model was accepted")
