package io.pdlake.sample;

import io.pdlake.identity.CreditCodes;
import io.pdlake.identity.IdNumbers;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The people, organisations and parcels the sample feeds talk about. Every department draws from
 * the same pools, so subjects overlap across feeds as they do in a real city.
 */
final class SubjectPool
{
    static final String[] DISTRICTS = {"130502", "130503", "130505", "130506", "130522", "130523", "130524", "130525", "130528", "130529", "130533", "130581", "130582"};
    static final String[] DISTRICT_NAMES = {"襄都区", "信都区", "任泽区", "南和区", "临城县", "内丘县", "柏乡县", "隆尧县", "宁晋县", "巨鹿县", "威县", "南宫市", "沙河市"};
    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧", "欧阳", "司马"};
    private static final String[] GIVEN = {"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "志强", "晓燕", "子涵", "浩然", "雨桐", "一诺"};
    private static final String[] STREETS = {"中兴大街", "新华路", "钢铁路", "守敬路", "邢州大道", "泉北大街", "冶金路", "团结路", "襄都路", "龙岗大街"};
    private static final String[] WORDS = {"冀邢", "恒达", "顺通", "华晨", "金泰", "宏远", "嘉禾", "鑫源", "瑞丰", "德隆", "永安", "广厦", "天成", "邢襄", "百泉", "达活"};
    private static final String[] INDUSTRIES = {"玻璃制品", "机械制造", "食品", "商贸", "物流", "建筑工程", "新能源", "医药", "纺织", "汽车配件", "电子科技", "农业发展"};
    private static final String[] ORGANIZATION_KINDS = {"协会", "商会", "研究会", "促进会", "基金会"};

    record Person(String idNumber, String name, String sex, LocalDate birthDate, String ethnicity, String householdAddress, String residenceAddress, String phone, int district) {}

    record Organization(String uscc, String name, String type, String legalRepresentative, String capital, LocalDate established, String address, String status, int district) {}

    record Parcel(String code, int district, String area, String landUse, int holder) {}

    final List<Person> persons = new ArrayList<>();
    final List<Organization> companies = new ArrayList<>();
    final List<Organization> individualBusinesses = new ArrayList<>();
    final List<Organization> socialOrganizations = new ArrayList<>();
    final List<Parcel> parcels = new ArrayList<>();

    SubjectPool(SplittableRandom random, int personCount, int organizationCount, int parcelCount)
    {
        for (int index = 0; index < personCount; index++) {
            persons.add(person(random, index));
        }
        for (int index = 0; index < organizationCount; index++) {
            companies.add(organization(random, index, '9', '1'));
            individualBusinesses.add(organization(random, index, '9', '2'));
        }
        for (int index = 0; index < Math.max(5, organizationCount / 5); index++) {
            socialOrganizations.add(organization(random, index, '5', '1'));
        }
        for (int index = 0; index < parcelCount; index++) {
            int district = random.nextInt(DISTRICTS.length);
            int street = 1 + random.nextInt(20);
            int block = 1 + random.nextInt(30);
            // the parcel number has five digits; past 99,999 parcels the block number (31 and up,
            // beyond the random ones) carries the rest, so every code stays 19 characters and unique
            int number = index % 99_999 + 1;
            if (index >= 99_999) {
                block = 31 + index / 99_999;
            }
            String code = String.format("%s%03d%03dGB%05d", DISTRICTS[district], street, block, number);
            String area = String.format("%d.%02d", 200 + random.nextInt(50_000), random.nextInt(100));
            String landUse = new String[] {"住宅用地", "工业用地", "商服用地", "公共管理与公共服务用地", "耕地"}[random.nextInt(5)];
            parcels.add(new Parcel(code, district, area, landUse, random.nextInt(Math.max(1, organizationCount))));
        }
    }

    static String name(SplittableRandom random)
    {
        return SURNAMES[random.nextInt(SURNAMES.length)] + GIVEN[random.nextInt(GIVEN.length)];
    }

    static String address(SplittableRandom random, int district)
    {
        return "河北省邢台市" + DISTRICT_NAMES[district] + STREETS[random.nextInt(STREETS.length)] + (1 + random.nextInt(999)) + "号";
    }

    private static Person person(SplittableRandom random, int index)
    {
        int district = random.nextInt(DISTRICTS.length);
        LocalDate birth = LocalDate.of(1935, 1, 1).plusDays(random.nextInt(365 * 72));
        int sequence = 1 + random.nextInt(998);
        String body = DISTRICTS[district] + String.format("%04d%02d%02d%03d", birth.getYear(), birth.getMonthValue(), birth.getDayOfMonth(), sequence);
        String id = body + IdNumbers.checkCharacter(body);
        String sex = sequence % 2 == 1 ? "1" : "2";
        String ethnicity = random.nextInt(20) == 0 ? (random.nextBoolean() ? "回族" : "满族") : "汉族";
        String phone = "1" + (3 + random.nextInt(7)) + String.format("%09d", random.nextInt(1_000_000_000));
        return new Person(id, name(random), sex, birth, ethnicity, address(random, district), address(random, random.nextInt(DISTRICTS.length)), phone, district);
    }

    private static Organization organization(SplittableRandom random, int index, char authority, char kind)
    {
        int district = random.nextInt(DISTRICTS.length);
        StringBuilder body = new StringBuilder();
        for (int position = 0; position < 8; position++) {
            // GB 11714 bodies use digits and upper-case letters; keep to the credit code alphabet
            body.append(CreditCodes.ALPHABET.charAt(random.nextInt(position < 2 ? 10 : CreditCodes.ALPHABET.length())));
        }
        String organizationCode = body.toString() + CreditCodes.organizationCheckCharacter(body);
        if (CreditCodes.ALPHABET.indexOf(organizationCode.charAt(8)) < 0) {
            return organization(random, index, authority, kind);
        }
        String first = "" + authority + kind + DISTRICTS[district] + organizationCode;
        String uscc = first + CreditCodes.checkCharacter(first);
        String word = WORDS[random.nextInt(WORDS.length)] + WORDS[random.nextInt(WORDS.length)];
        String name;
        String type;
        if (authority == '5') {
            name = "邢台市" + INDUSTRIES[random.nextInt(INDUSTRIES.length)] + ORGANIZATION_KINDS[random.nextInt(ORGANIZATION_KINDS.length)];
            type = "社会团体";
        }
        else if (kind == '2') {
            name = DISTRICT_NAMES[district] + word + INDUSTRIES[random.nextInt(INDUSTRIES.length)] + "店";
            type = "个体工商户";
        }
        else {
            name = "邢台" + word + INDUSTRIES[random.nextInt(INDUSTRIES.length)] + "有限公司";
            type = random.nextInt(5) == 0 ? "股份有限公司" : "有限责任公司";
        }
        String capital = String.format("%d.%02d", 10 + random.nextInt(50_000), random.nextInt(100));
        LocalDate established = LocalDate.of(1995, 1, 1).plusDays(random.nextInt(365 * 30));
        String status = random.nextInt(10) == 0 ? "注销" : "存续";
        return new Organization(uscc, name + (index > 0 && random.nextInt(4) == 0 ? "（" + (index % 7 + 1) + "分公司）" : ""), type, name(random), capital, established,
                address(random, district), status, district);
    }
}
