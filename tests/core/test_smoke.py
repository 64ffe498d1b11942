def test_login_page_is_dutch(client):
    response = client.get("/account/login/")
    assert response.status_code == 200
    assert "Inloggen" in response.content.decode()


def test_region_fixture(region_utr, facilitator):
    assert region_utr.code == "UTR"
    assert facilitator.has_role("facilitator")
