"""The seed tutorial's DataFrame DAG on Airflow 3: Pokémon API → dict → DataFrame → log.

The real HTTP call stays. When the API cannot be reached (no internet, as on CI machines) the task
uses a small sample shipped beside this file and says so in the log.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pandas as pd
import requests
from airflow.sdk import dag, task
from pendulum import datetime

MY_FAVORITE_POKEMON = "pikachu"
MY_OTHER_FAVORITE_POKEMON = "vulpix"
SAMPLE = Path(__file__).with_name("data") / "pokemon_sample.json"
log = logging.getLogger(__name__)


def _fetch(name: str) -> dict:
    try:
        response = requests.get(f"https://pokeapi.co/api/v2/pokemon/{name}", timeout=5)
        response.raise_for_status()
        return response.json()
    except requests.RequestException as err:
        log.warning(
            "Pokémon API unreachable (%s); using the sample shipped in %s", type(err).__name__, SAMPLE
        )
        return json.loads(SAMPLE.read_text())[name]


@dag(start_date=datetime(2022, 12, 20), schedule="@daily", catchup=False, tags=["xcomkit", "seed"])
def fetch_pokemon_data_dag() -> None:
    @task
    def extract_data():
        """Extract data from the Pokémon API; return a JSON-serializable dict."""
        r1, r2 = _fetch(MY_FAVORITE_POKEMON), _fetch(MY_OTHER_FAVORITE_POKEMON)
        return {
            "pokemon": [MY_FAVORITE_POKEMON, MY_OTHER_FAVORITE_POKEMON],
            "base_experience": [r1["base_experience"], r2["base_experience"]],
            "height": [r1["height"], r2["height"]],
        }

    @task
    def calculate_xp_per_height(pokemon_data_dict: dict) -> pd.DataFrame:
        """Calculate base XP per height and return a pandas DataFrame."""
        df = pd.DataFrame(pokemon_data_dict)
        df["xp_per_height"] = df["base_experience"] / df["height"]
        return df

    @task
    def print_xp_per_height(pokemon_data_df: pd.DataFrame) -> None:
        """Print each Pokémon's base XP to height ratio from the DataFrame pulled from XCom."""
        for i in pokemon_data_df.index:
            pokemon = pokemon_data_df.loc[i, "pokemon"]
            xph = pokemon_data_df.loc[i, "xp_per_height"]
            print(f"{pokemon} has a base xp to height ratio of {xph}")

    print_xp_per_height(calculate_xp_per_height(extract_data()))


fetch_pokemon_data_dag()
