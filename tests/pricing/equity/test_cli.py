"""`python -m pricing equity` (pricing/cli/equity.py): the JSON contract and bad input."""

from __future__ import annotations

import json

import pytest

from pricing.__main__ import main
from pricing.cli import equity as command
from pricing.equity import TREATMENTS, band_labels


def test_cli_json_contract(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    scenario = tmp_path / "equity.yaml"
    scenario.write_text(
        "version: 1\nequity:\n  households: 1500\n"
        "  reforms:\n    parity: {coverage_parity: true}\n    cap: {price_cap: 450}\n"
    )
    assert main(["equity", str(scenario), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["households"] == 1500
    assert out["threshold"] == 0.1
    assert out["threshold_rule"]["rule"] == "income"
    assert out["bands"] == list(band_labels())
    assert set(out["priced_out"]) == set(TREATMENTS)
    for table in [out["priced_out"], *(r["priced_out"] for r in out["reforms"].values())]:
        for row in table.values():
            assert list(row) == [*band_labels(), "all"]
    assert set(out["reforms"]) == {"parity", "cap"}
    # One vocabulary (issue 9): assistance, never "programme", in every printed key.
    newly = out["reforms"]["cap"]["newly_affordable"]["iv_ketamine"]
    assert "extra_assistance_spending" in newly and "extra_programme_spending" not in newly
    # Parity is about coverage, so it cannot price more people out of an infusion.
    assert (
        out["reforms"]["parity"]["priced_out"]["iv_ketamine"]["all"]
        <= out["priced_out"]["iv_ketamine"]["all"]
    )


def test_cli_json_by_state(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    # Issue 15 item 7 on a small sample: every state, one reform. The first edition's keys stay;
    # the new ones sit beside them.
    scenario = tmp_path / "states.yaml"
    scenario.write_text(
        "version: 1\nequity:\n  households: 100\n  states: all\n"
        "  treatments: [spravato]\n  reforms:\n    cap: {oop_cap: 2000}\n"
    )
    assert main(["equity", str(scenario), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["households"] == 100 and out["sample_households"] == 5_100
    assert len(out["by_state"]) == 51
    tx = out["by_state"]["TX"]
    assert tx["households_represented"] > 10_000_000
    assert list(tx["priced_out"]["spravato"]) == [*band_labels(), "all"]
    assert set(out["priced_out_by_kind"]["spravato"]) == {
        "none",
        "commercial",
        "medicare",
        "medicaid",
        "all",
    }
    cap = out["reforms"]["cap"]
    assert set(cap["cost"]["spravato"]) == {*out["payers"], "total"}
    assert cap["newly_affordable_people"]["spravato"] >= 0
    assert "$2,000" in cap["does"]
    assert "uncertainty" not in out and "priced_out_band" not in out


def test_cli_json_bands_and_stack(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    # Two parameter draws: a {p10, p90} band beside each headline figure; two reforms: each
    # alone, and stacked in the order given.
    scenario = tmp_path / "bands.yaml"
    scenario.write_text(
        "version: 1\nequity:\n  households: 800\n  uncertainty: 2\n"
        "  treatments: [spravato, iv_ketamine]\n"
        "  reforms:\n    cap: {oop_cap: 2000}\n    subsidy: {state_subsidy: true}\n"
    )
    assert main(["equity", str(scenario), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["uncertainty"]["draws"] == 2
    everyone = out["priced_out_band"]["spravato"]["all"]
    assert everyone["p10"] <= everyone["p90"]
    band = out["reforms"]["cap"]["cost_band"]["spravato"]["total"]
    assert band["p10"] <= band["p90"]
    assert "p90" in out["reforms"]["subsidy"]["newly_affordable_people_band"]["iv_ketamine"]
    assert [step["reform"] for step in out["stack"]] == ["cap", "subsidy"]
    assert "p10" in out["stack"][1]["cost_band"]["spravato"]["total"]


def test_cli_names_the_savings_test(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    # threshold: savings_10 is named in the JSON (beside the keys every run has) and in the
    # text's first line; over the same households it prices out no more than income_10.
    body = "version: 1\nequity:\n  households: 400\n  treatments: [iv_ketamine]\n"
    plain, saved = tmp_path / "income.yaml", tmp_path / "savings.yaml"
    plain.write_text(body)
    saved.write_text(body + "  threshold: savings_10\n")
    assert main(["equity", str(saved), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["threshold"] == 0.1
    assert out["threshold_rule"] == {
        "name": "savings_10",
        "rule": "savings",
        "label": "savings plus 10% of income",
    }
    assert main(["equity", str(plain), "--json"]) == 0
    by_income = json.loads(capsys.readouterr().out)
    assert out["priced_out"]["iv_ketamine"]["all"] <= by_income["priced_out"]["iv_ketamine"]["all"]
    assert main(["equity", str(saved)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.endswith("priced out = out-of-pocket above savings plus 10% of income")


def test_cli_without_file_uses_defaults(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["equity", "--households", "500"]) == 0
    text = capsys.readouterr().out
    assert "500 simulated households" in text and "Share priced out" in text


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("version: 1\nequity:\n  reforms: [price_cpa]\n", "equity.reforms[0]"),
        ("version: 1\nequity:\n  housholds: 10\n", "equity.housholds"),
        ("version: 1\nequity:\n  threshold: income_15\n", "equity.threshold"),
        (
            "version: 1\nequity:\n  mix: {non_expansion_share: 2}\n",
            "equity.mix.non_expansion_share",
        ),
        ("version: 1\nequity:\n  states: [TX, XX]\n", "equity.states[1]: 'XX' is not a state"),
        ("version: 1\nequity:\n  states: [TX, tx]\n", "equity.states[1]: 'TX' is listed twice"),
        ("version: 1\nequity:\n  uncertainty: 1\n", "equity.uncertainty"),
        ("version: 1\nequity:\n  uncertainty: 51\n", "equity.uncertainty"),
        (
            "version: 1\nequity:\n  households: 2000000\n  states: all\n",
            "equity.households: 2,000,000 households x 51 states",
        ),
    ],
)
def test_cli_bad_input_one_line_exit_2(tmp_path, capsys, body: str, field: str) -> None:  # type: ignore[no-untyped-def]
    scenario = tmp_path / "bad.yaml"
    scenario.write_text(body)
    assert main(["equity", str(scenario)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and field in err and "Traceback" not in err


def test_cli_households_out_of_range(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["equity", "--households", "0"]) == 2
    assert "--households" in capsys.readouterr().err


def test_command_module_contract() -> None:
    # HELP, add_arguments and run, as every pricing/cli command module.
    assert command.HELP and callable(command.add_arguments) and callable(command.run)
