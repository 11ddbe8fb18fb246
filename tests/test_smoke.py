def test_health(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.data == b"ok\n"
