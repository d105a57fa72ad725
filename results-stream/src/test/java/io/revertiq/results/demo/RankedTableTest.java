package io.revertiq.results.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class RankedTableTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void printsRankedRowsMarksSignificantOnesAndEndsWithDriftAndDataHash() throws Exception {
        JsonNode response = JSON.readTree("""
                {"windows_ranked": [
                  {"rank": 1, "dow": "MON", "window": "09:30-10:00", "n_trades": 112, "oos_sharpe": 1.8734,
                   "oos_ret_per_trade_bp": 3.456, "fdr_adj_p": 0.0123, "significant": true, "half_life_min": 12.34,
                   "drift_flag": false},
                  {"rank": 2, "dow": "WED", "window": "15:30-16:00", "n_trades": 64, "oos_sharpe": -0.25,
                   "oos_ret_per_trade_bp": -0.5, "fdr_adj_p": 0.4, "significant": false, "half_life_min": null,
                   "drift_flag": true}
                 ],
                 "provenance": {"data_hash": "sha256:0a1b2c"}}
                """);
        assertEquals("""
                   DOW  WINDOW       SHARPE  RET/TRADE bp   pFDR  HALF-LIFE min    N
                *  MON  09:30-10:00    1.87          3.46  0.012           12.3  112
                   WED  15:30-16:00   -0.25         -0.50  0.400              -   64
                drift: latest period's OOS Sharpe below median - 1 sd of all periods in WED 15:30-16:00
                data_hash sha256:0a1b2c
                """, RankedTable.render(response));
    }

    @Test
    void withoutDriftThereIsNoDriftLine() throws Exception {
        JsonNode response = JSON.readTree("""
                {"windows_ranked": [
                  {"dow": "FRI", "window": "10:00-10:30", "n_trades": 51, "oos_sharpe": 0.5,
                   "oos_ret_per_trade_bp": 1.0, "fdr_adj_p": 0.2, "significant": false, "half_life_min": 5.0,
                   "drift_flag": false}
                 ],
                 "provenance": {"data_hash": "sha256:ff"}}
                """);
        String[] lines = RankedTable.render(response).split("\n");
        assertEquals(3, lines.length);
        assertEquals("data_hash sha256:ff", lines[2]);
    }

    @Test
    void windowsLeftUntestedForWantOfTradesAreCounted() throws Exception {
        JsonNode response = JSON.readTree("""
                {"windows_ranked": [],
                 "windows_insufficient": [{"dow": "MON", "window": "10:00-11:00", "n_trades": 12},
                                          {"dow": "TUE", "window": "10:00-11:00", "n_trades": 0}],
                 "assumptions": {"significance": {"min_trades": 50}},
                 "provenance": {"data_hash": "sha256:ee"}}
                """);
        assertEquals("""
                  DOW  WINDOW  SHARPE  RET/TRADE bp  pFDR  HALF-LIFE min  N
                2 windows not tested: fewer OOS trades than min_trades 50
                data_hash sha256:ee
                """, RankedTable.render(response));
    }
}
