import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertFreshBuild, type CliHome, cliHome } from "./cli-process.js";

// A real published server (a dev dependency: no network at test time), run the way its README says
// but with node directly instead of `npx -y howtocook-mcp`.
const howtocook = fileURLToPath(new URL("../node_modules/howtocook-mcp/build/index.js", import.meta.url));

let cli: CliHome;
beforeAll(() => {
  assertFreshBuild();
  cli = cliHome();
});
afterAll(() => cli.cleanup());

describe("howtocook-mcp", () => {
  it("add, tools, call by original name with schema-typed key=value, and schema mistakes named", async () => {
    const added = await cli.run(["add", "howtocook", "--", process.execPath, howtocook]);
    expect(added).toMatchObject({ code: 0, stdout: "Added howtocook (stdio): healthy, 5 tools\n" });
    const tools = await cli.run(["tools", "howtocook"]);
    expect(tools.stdout).toMatch(/^howtocook__mcp_howtocook_getAllRecipes +howtocook +/m);

    const fish = await cli.run(["call", "mcp_howtocook_getRecipesByCategory", "category=水产", "--json"]);
    expect(fish.code).toBe(0);
    const result = JSON.parse(fish.stdout) as { content: { type: string; text: string }[] };
    expect(result.content[0]!.type).toBe("text");
    expect(JSON.parse(result.content[0]!.text).length).toBeGreaterThan(0);

    // peopleCount is an integer in the schema: "2" is sent as 2; the array comes as JSON.
    const plan = await cli.run(["call", "mcp_howtocook_recommendMeals", "peopleCount=2", 'allergies=["虾"]']);
    expect(plan.code).toBe(0);
    expect(JSON.parse(plan.stdout)).toHaveProperty("weekdays");

    const tooMany = await cli.run(["call", "mcp_howtocook_whatToEat", "peopleCount=11"]);
    expect(tooMany).toMatchObject({
      code: 2,
      stdout: "",
      stderr:
        'error: argument "peopleCount" must be <= 10 (howtocook__mcp_howtocook_whatToEat takes: peopleCount)\n',
    });
    const badCategory = await cli.run(["call", "mcp_howtocook_getRecipesByCategory", "category=肉"]);
    expect(badCategory.code).toBe(2);
    expect(badCategory.stderr).toContain('argument "category" must be one of: 水产, 早餐, 调料');
  });
});
